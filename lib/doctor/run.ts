import type { Check, CheckId, CheckResult, DoctorInput, DoctorState, Outcome } from './check';
import { unknown } from './check';
import { callCheck } from './checks/call';
import { callUserCheck } from './checks/call-user';
import { configurationCheck } from './checks/configuration';
import { identityCheck } from './checks/identity';
import { loginCheck } from './checks/login';
import { permissionsCheck } from './checks/permissions';
import { queueCheck } from './checks/queue';
import { eventBridgeCheck } from './checks/event-bridge';
import { rateLimitsCheck } from './checks/rate-limits';
import { requestCheck } from './checks/request';
import { secretCheck } from './checks/secret';
import { suppressionListCheck } from './checks/suppression-list';
import { timeLeft } from './deadline';

// Less than this left, and a check could not finish a single request: it is not started.
const MIN_CHECK_MS = 500;

/** Every check, in the order it runs: each after those it needs. */
export const CHECKS: readonly Check[] = [
  configurationCheck,
  secretCheck,
  loginCheck,
  identityCheck,
  callUserCheck,
  queueCheck,
  permissionsCheck,
  rateLimitsCheck,
  eventBridgeCheck,
  suppressionListCheck,
  requestCheck,
  callCheck,
];

export interface DoctorReport {
  /** False when any check failed (the CLI's exit code 1). Unknowns do not fail a run (the CLI exits 3). */
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
  readonly durationMs: number;
}

/**
 * Runs the checks in order. A check whose dependency did not pass answers unknown without running;
 * a check that would start after the deadline answers unknown too, so the run ends in time.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const startedAt = Date.now();
  const state: DoctorState = { users: [] };
  const results: CheckResult[] = [];
  const statusOf = new Map<CheckId, CheckResult['status']>();
  for (const check of CHECKS) {
    if (check.applies && !check.applies(input)) continue;
    const outcome = await outcomeOf(check, input, state, statusOf);
    statusOf.set(check.id, outcome.status);
    results.push({ id: check.id, title: check.title, ...outcome });
  }
  return { ok: results.every((result) => result.status !== 'fail'), checks: results, durationMs: Date.now() - startedAt };
}

async function outcomeOf(check: Check, input: DoctorInput, state: DoctorState, statusOf: ReadonlyMap<CheckId, CheckResult['status']>): Promise<Outcome> {
  const blocker = check.needs.find((id) => statusOf.get(id) !== 'pass');
  if (blocker !== undefined) {
    const why = statusOf.get(blocker) === 'fail' ? 'failed' : 'could not be checked';
    return unknown(`skipped: ${titleOf(blocker)} ${why}`, `Fix the ${titleOf(blocker)} check first.`);
  }
  if (timeLeft(input.deadline) < MIN_CHECK_MS) return unknown('skipped: the time for the run was up', 'Run the doctor again; a slow network or Genesys used up the time.');
  return check.run(input, state);
}

function titleOf(id: CheckId): string {
  return CHECKS.find((check) => check.id === id)?.title.toLowerCase() ?? id;
}

import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import type { Config } from '../lib/config';
import { getConfig } from '../lib/config';
import { DOCTOR_BUDGET_MS } from '../lib/doctor/deadline';
import { parseDoctorEvent } from '../lib/doctor/event';
import type { DoctorReport } from '../lib/doctor/run';
import { runDoctor } from '../lib/doctor/run';
import { ConfigurationError } from '../lib/config';
import { logger } from '../lib/telemetry/logger';

// Time kept back from the invocation's end so the report is returned, not cut off.
const RETURN_RESERVE_MS = 1000;

/**
 * `npx serverless invoke -f doctor --stage <stage>`: the doctor's checks with this function's own
 * settings, role, region and network. Returns the report; never places a call.
 */
export async function handler(event: unknown, context: Context): Promise<DoctorReport | { error: 'invalid_event'; detail: string }> {
  const parsed = parseDoctorEvent(event);
  if (!parsed.ok) return { error: 'invalid_event', detail: parsed.detail };
  const deadline = Date.now() + Math.min(DOCTOR_BUDGET_MS, context.getRemainingTimeInMillis() - RETURN_RESERVE_MS);
  const report = await runDoctor({
    config: loadedConfig(),
    ...parsed.event,
    deadline,
    // Bounded like the functions' own client (lib/genesys/credentials.ts); the deadline bounds it too.
    secretsManager: new SecretsManagerClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 } }),
  });
  logger.info('doctor', { ok: report.ok, checks: Object.fromEntries(report.checks.map((check) => [check.id, check.status])), durationMs: report.durationMs });
  return report;
}

function loadedConfig(): Config | ConfigurationError {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
}

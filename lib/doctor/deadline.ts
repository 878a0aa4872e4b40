import { DEADLINE_RESERVE_MS } from '../aws/deadline';

/** The whole run's budget: it must end inside the doctor function's 28 s timeout. */
export const DOCTOR_BUDGET_MS = 25_000;

/** Time left for one AWS request, keeping the reserve the Genesys requests keep too. */
export function timeLeft(deadline: number, now = Date.now()): number {
  return Math.max(1, deadline - now - DEADLINE_RESERVE_MS);
}

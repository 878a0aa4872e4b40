import type { AttemptFailure } from './failure-policy';
import type { ScheduledCallsResult } from './result';

/**
 * Thrown on purpose so that Lambda retries the invocation: nothing was placed and every call tried
 * failed transiently before Genesys acted on it (see `isSafeToRetry`). The message holds counts and
 * problem codes only: never a number, a token or a secret, because Lambda sends it to the on-failure
 * destination and CloudWatch as it is.
 */
export class ScheduleRetryableError extends Error {
  override readonly name = 'ScheduleRetryableError';

  constructor(
    /** Every item's outcome, as a returned result would hold it (numbers masked). */
    readonly result: ScheduledCallsResult,
    failures: readonly AttemptFailure[],
  ) {
    const { summary } = result;
    super(
      `No call was placed: ${failures.length} attempted call(s) failed before reaching Genesys (${countCodes(failures)}), ` +
        `${summary.notAttempted} not attempted, ${summary.failed - failures.length} refused by validation, of ${summary.total}. ` +
        'Failing the invocation so that Lambda retries it; no call can ring twice.',
    );
  }
}

function countCodes(failures: readonly AttemptFailure[]): string {
  const counts = new Map<string, number>();
  for (const { code } of failures) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${code} ×${count}`).join(', ');
}

import { DEADLINE_RESERVE_MS } from '../aws/deadline';

/**
 * Time kept after the last Genesys answer for the rest of the invocation: one log line per item (a
 * thousand lines take a few tens of ms), the summary, returning the result. A second is generous on
 * purpose: a Lambda killed at its timeout counts as a failed invocation, and Lambda would retry it
 * whole, dialling again everyone already called.
 */
export const FINISH_MARGIN_MS = 1_000;

export interface RunDeadlines {
  /** Every Genesys request of the run, 429 retries and token refreshes included, ends by then. */
  readonly callsEndBy: number;
  /** No call starts after this. */
  readonly lastStartAt: number;
}

/**
 * The two times a run keeps to, from the Lambda's deadline (epoch ms). A call started at
 * `lastStartAt` still gets one whole attempt of `genesysTimeoutMs`: the HTTP client gives an
 * attempt `min(timeout, deadline - now - DEADLINE_RESERVE_MS)`. A call started later would get a
 * shortened timeout, and a slow Genesys cut off mid-request leaves a call that may or may not ring.
 * With the default 5 s timeout, calls stop starting 6.25 s before the deadline.
 */
export function runDeadlines(lambdaDeadline: number, genesysTimeoutMs: number): RunDeadlines {
  const callsEndBy = lambdaDeadline - FINISH_MARGIN_MS;
  return { callsEndBy, lastStartAt: callsEndBy - DEADLINE_RESERVE_MS - genesysTimeoutMs };
}

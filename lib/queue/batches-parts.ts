import type { Config } from '../config';
import type { RunOnce } from '../idempotency/run-once';
import type { ProblemError } from '../problems/errors';
import type { BatchStore } from './batch-store';
import type { DialQueue } from './dial-queue';

/** What the batch routes need from the container (lib/container.ts). */
export interface BatchesParts {
  readonly config: Config;
  readonly batches: BatchStore;
  readonly queue: DialQueue;
  /** The API's run-once (the Idempotency-Key window of POST /calls). */
  readonly runOnce: RunOnce;
  /** The request's fingerprint under the stack's hash key (lib/idempotency/fingerprint.ts): a keyed batch's id is made from it. */
  readonly fingerprint: (request: unknown, deadline: number) => Promise<string>;
  /** The clock a batch's `at` is checked against. */
  readonly now: () => number;
  /** Sends a dial message at `at` through a one-time schedule (lib/later/); none where the stack has no schedule group. */
  readonly scheduleMessage?: (schedule: { name: string; at: Date; message: string; clientToken: string }, deadline: number) => Promise<void>;
  /** The suppression list (lib/suppression/, reached through the container): a batch's numbers checked together. */
  readonly suppression: {
    listedAmong(e164s: readonly string[], deadline: number): Promise<ReadonlySet<string>>;
    suppressedProblem(e164: string): ProblemError;
  };
}

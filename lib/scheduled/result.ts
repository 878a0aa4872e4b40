import type { FailedItem } from '../queue/accept-batch';
import type { ProblemCode } from '../problems/problem-types';

/**
 * What a schedule answers once its list is a batch on the dial queue: what `POST /batches` answers
 * (its 202's body), and where to follow the calls (`GET /batches/{batchId}`). Numbers never appear.
 * EventBridge invokes asynchronously: this is logged, and shown by `serverless invoke local`.
 */
export interface ScheduledCallsResult {
  /** The batch the list became; absent when the event held no list (`problem`) or an empty one. */
  readonly batchId?: string;
  /** Items in the list; always `queued + dryRun + failed.length`. */
  readonly total: number;
  /** On the dial queue: the dialer places each at most once, at the stack's pace. */
  readonly queued: number;
  readonly dryRun: number;
  /** By index: items refused when the list was accepted, with the problem `POST /calls` would answer. */
  readonly failed: readonly FailedItem[];
  /** `/batches/{batchId}`: the batch's progress, its items at `/batches/{batchId}/calls`. */
  readonly progress?: string;
  /** An earlier delivery of the same event accepted this batch: nothing was queued now. */
  readonly replayed?: true;
  /** Set when the event itself could not be read (no list to account for): the reason, as a problem. */
  readonly problem?: { readonly code: ProblemCode; readonly detail: string };
}

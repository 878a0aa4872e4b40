import type { GenesysReference } from '../problems/errors';
import type { ProblemCode } from '../problems/problem-types';

/**
 * What a schedule answers: one entry per item of its list, in list order, each with exactly one
 * status. Numbers appear only masked (`+*******0100`), as everywhere else in this service.
 */
export interface ScheduledCallsResult {
  readonly summary: ScheduleSummary;
  /**
   * The conversation id of every placed item, in list order (replayed ones included: the call an
   * earlier delivery of the same item placed), to follow with `GET /calls/{id}` or `Call outcome`
   * events without walking `items`.
   */
  readonly conversationIds: readonly string[];
  readonly items: readonly ItemResult[];
  /** Set when the event itself could not be read (no list to account for): the reason, as a problem. */
  readonly problem?: { readonly code: ProblemCode; readonly detail: string };
}

export interface ScheduleSummary {
  /** Items in the list; always `placed + failed + notAttempted + dryRun`. */
  readonly total: number;
  readonly placed: number;
  readonly failed: number;
  readonly notAttempted: number;
  readonly dryRun: number;
}

/**
 * The masked description of a validated call (`callSummary` in place-call.ts); absent on items that
 * failed validation, whose number may not be a number at all.
 */
export interface CallFields {
  readonly to?: string;
  readonly toCountry?: string;
  readonly callerId?: string;
  readonly userId?: string;
}

export interface PlacedItem extends CallFields {
  readonly index: number;
  readonly status: 'placed';
  readonly conversationId: string;
  /** Placed by an earlier delivery of the same item (same idempotency key): not dialled again. */
  readonly replayed?: true;
}

export interface FailedItem extends CallFields {
  readonly index: number;
  readonly status: 'failed';
  readonly code: ProblemCode;
  /** The status `POST /calls` would have answered for the same problem. */
  readonly httpStatus: number;
  readonly detail: string;
  readonly field?: string;
  readonly genesys?: GenesysReference;
  /** Genesys may have placed this call (5xx, timeout, dropped connection): check before calling again. */
  readonly mayHaveBeenPlaced?: true;
  /** The outcome of an earlier delivery of the same item (same idempotency key). */
  readonly replayed?: true;
}

export interface NotAttemptedItem extends CallFields {
  readonly index: number;
  readonly status: 'not_attempted';
  readonly reason: NotAttemptedReason;
  readonly detail: string;
}

export interface DryRunItem extends CallFields {
  readonly index: number;
  readonly status: 'dry_run';
  readonly request: Record<string, unknown>;
}

export type ItemResult = PlacedItem | FailedItem | NotAttemptedItem | DryRunItem;

/** Why an item was never sent: both mean it is safe to schedule again. */
export type NotAttemptedReason = 'deadline' | 'stopped_after_failure';

export const NOT_ATTEMPTED_DETAIL: Record<NotAttemptedReason, (cause?: ProblemCode) => string> = {
  deadline: () =>
    "The Lambda's remaining time was too short to place this call and still answer; it was not sent. Schedule it again.",
  stopped_after_failure: (cause) =>
    `An earlier call failed with ${cause ?? 'an error'}, which every call of this schedule would meet (they share one OAuth client and token); this one was not sent. Schedule it again once that is fixed.`,
};

const SUMMARY_KEY = {
  placed: 'placed',
  failed: 'failed',
  not_attempted: 'notAttempted',
  dry_run: 'dryRun',
} as const satisfies Record<ItemResult['status'], keyof ScheduleSummary>;

/** The result of a schedule whose items are `items` (in list order). */
export function scheduleResult(items: readonly ItemResult[]): Pick<ScheduledCallsResult, 'summary' | 'conversationIds' | 'items'> {
  return { summary: summarize(items), conversationIds: conversationIdsOf(items), items };
}

/** The conversation ids of the placed items, in the items' order. */
export function conversationIdsOf(items: readonly ItemResult[]): string[] {
  return items.flatMap((item) => (item.status === 'placed' ? [item.conversationId] : []));
}

/** Counts the items by status. */
export function summarize(items: readonly ItemResult[]): ScheduleSummary {
  const summary = { total: items.length, placed: 0, failed: 0, notAttempted: 0, dryRun: 0 };
  for (const item of items) summary[SUMMARY_KEY[item.status]] += 1;
  return summary;
}

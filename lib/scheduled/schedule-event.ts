import { ProblemError } from '../errors';

/** Where a schedule's list came from, for the summary log line. */
export type ScheduleSource =
  | { readonly kind: 'constant_input' }
  | { readonly kind: 'event'; readonly eventId?: string; readonly detailType?: string; readonly rule?: string; readonly time?: string };

export interface ScheduleRequest {
  /** The items as sent: each is checked later, like a `POST /calls` body. */
  readonly calls: readonly unknown[];
  readonly source: ScheduleSource;
}

const EXAMPLE = '{"calls": [{"to": "+1 202 555 0143"}]}';

/**
 * Reads the two shapes a schedule arrives in. A rule (or EventBridge Scheduler schedule) with a
 * constant input delivers that JSON as the whole event: `{"calls": [...]}`. Anything else delivers
 * the EventBridge envelope (`detail-type`, `source`, `detail`, …); then the list is `detail.calls`.
 * The list object holds `calls` and nothing else: as with `POST /calls`, a misspelt key must be
 * refused rather than ignored. Throws `invalid_request` saying which shape was expected.
 */
export function readScheduleEvent(event: unknown): ScheduleRequest {
  if (!isObject(event)) {
    throw invalid(`The event must be a JSON object such as ${EXAMPLE}.`);
  }
  if (isEnvelope(event)) {
    const source: ScheduleSource = {
      kind: 'event',
      eventId: stringOrUndefined(event.id),
      detailType: stringOrUndefined(event['detail-type']),
      rule: Array.isArray(event.resources) ? stringOrUndefined(event.resources[0]) : undefined,
      time: stringOrUndefined(event.time),
    };
    const { detail } = event;
    if (!isObject(detail) || !('calls' in detail)) {
      throw invalid(
        `The EventBridge event (${source.detailType ?? 'no detail-type'}) has no detail.calls: a scheduled rule without input sends an empty detail. Give the rule a constant input such as ${EXAMPLE}.`,
        'detail.calls',
      );
    }
    return { calls: readList(detail, 'detail.'), source };
  }
  return { calls: readList(event, ''), source: { kind: 'constant_input' } };
}

function readList(holder: Record<string, unknown>, prefix: string): readonly unknown[] {
  const unknown = Object.keys(holder).filter((key) => key !== 'calls');
  if (unknown.length > 0) {
    throw invalid(`${prefix}${unknown[0]} is not a field of a schedule; the input holds only calls, e.g. ${EXAMPLE}.`, `${prefix}${unknown[0]}`);
  }
  if (!Array.isArray(holder.calls)) {
    throw invalid(`${prefix}calls must be an array of calls, e.g. ${EXAMPLE}.`, `${prefix}calls`);
  }
  return holder.calls;
}

/** Every EventBridge event carries these three; a constant input is ours and has none of them. */
function isEnvelope(event: Record<string, unknown>): boolean {
  return 'detail-type' in event && 'source' in event && 'detail' in event;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function invalid(detail: string, field?: string): ProblemError {
  return new ProblemError('invalid_request', { detail, ...(field ? { field } : {}) });
}

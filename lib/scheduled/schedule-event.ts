import { ProblemError } from '../problems/errors';

/**
 * Where a schedule's list came from, for its log line and its batch's id (item-key.ts).
 * `transformed_input` is a rule's list with the event's `id` and `time` beside it (an input
 * transformer, see serverless.yml): the same on every delivery of one event.
 */
export type ScheduleSource =
  | { readonly kind: 'constant_input' }
  | { readonly kind: 'transformed_input'; readonly eventId: string; readonly time?: string }
  | { readonly kind: 'event'; readonly eventId?: string; readonly detailType?: string; readonly rule?: string; readonly time?: string };

export interface ScheduleRequest {
  /** The items as sent: each is checked later, like a `POST /calls` body. */
  readonly calls: readonly unknown[];
  readonly source: ScheduleSource;
}

const EXAMPLE = '{"calls": [{"to": "+1 202 555 0143"}]}';

/**
 * Reads the shapes a schedule arrives in. A rule (or EventBridge Scheduler schedule) with a
 * constant input delivers that JSON as the whole event: `{"calls": [...]}`; a rule with the input
 * transformer of serverless.yml adds the event's id and time: `{"id", "time", "calls"}`. Anything
 * else delivers the EventBridge envelope (`detail-type`, `source`, `detail`, …); then the list is
 * `detail.calls`. The list object holds those fields and nothing else: as with `POST /calls`, a
 * misspelt key must be refused rather than ignored. Throws `invalid_request` saying which shape was
 * expected.
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
  const calls = readList(event, '', INPUT_FIELDS);
  if (event.id === undefined && event.time === undefined) return { calls, source: { kind: 'constant_input' } };
  const time = event.time === undefined ? undefined : readDeliveryField(event, 'time');
  return { calls, source: { kind: 'transformed_input', eventId: readDeliveryField(event, 'id'), ...(time === undefined ? {} : { time }) } };
}

/** The fields of a rule's input: the list, and the event's id and time an input transformer adds. */
const INPUT_FIELDS = ['calls', 'id', 'time'];

/**
 * The event's `id` or `time` as the input transformer filled it in. They name the batch, so they
 * must be there and filled: a placeholder left as written (`<id>`) would be the same on every
 * delivery of every event, and each schedule after the first would find the first's batch and
 * queue nothing.
 */
function readDeliveryField(event: Record<string, unknown>, field: 'id' | 'time'): string {
  const value = event[field];
  if (typeof value !== 'string' || !DELIVERY_FIELD.test(value)) {
    throw invalid(
      `${field} must be the event's ${field} as the rule's input transformer fills it in (1 to 255 visible characters, no < or >), e.g. {"id": "<id>", "time": "<time>", "calls": [...]} with inputPathsMap {"id": "$.id", "time": "$.time"}.`,
      field,
    );
  }
  return value;
}

const DELIVERY_FIELD = /^[\x21-\x3b\x3d\x3f-\x7e]{1,255}$/;

function readList(holder: Record<string, unknown>, prefix: string, fields: readonly string[] = ['calls']): readonly unknown[] {
  const unknown = Object.keys(holder).filter((key) => !fields.includes(key));
  if (unknown.length > 0) {
    throw invalid(`${prefix}${unknown[0]} is not a field of a schedule; the input holds only ${fields.join(', ')}, e.g. ${EXAMPLE}.`, `${prefix}${unknown[0]}`);
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

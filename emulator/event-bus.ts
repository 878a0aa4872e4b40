import { randomUUID } from 'node:crypto';
import { AWS_JSON_1_1, awsError, refuseNonJson, refuseUnsigned, signingRegion } from './aws-error';
import { isPlainObject, parseJson, type Exchange, type Reply } from './exchange';
import type { BusEvent } from './types';

/** The X-Amz-Target of EventBridge's PutEvents (AWS JSON 1.1, service prefix `AWSEvents`). */
export const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';

/** The account the emulated default bus belongs to, as in the Secrets Manager ARNs. */
const ACCOUNT = '000000000000';
const DEFAULT_BUS = 'default';
// PutEvents takes 1 to 10 entries a request.
const MAX_ENTRIES = 10;

/** One entry of a PutEvents answer: its event id, or why it was refused. */
export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** The default bus: what it received (records.busEvents, emptied by `reset`) and everything it ever received (for the leak guard). */
export class EventBus {
  /** Every event's JSON, kept across `reset`: what a client must not have put a secret or a full number in. */
  readonly everReceived: string[] = [];
  /** Called with each event received (npm start prints them). */
  listener: ((event: BusEvent) => void) | undefined;

  constructor(private readonly received: BusEvent[]) {}

  accept(event: BusEvent): void {
    this.received.push(event);
    this.everReceived.push(JSON.stringify(event));
    this.listener?.(event);
  }
}

/** What PutEvents needs of the emulator's state (state.ts holds the bus, so this file cannot import it). */
type HoldsBus = { readonly eventBus: EventBus };

/**
 * POST / with X-Amz-Target AWSEvents.PutEvents, in the AWS JSON 1.1 protocol, so that the real
 * `@aws-sdk/client-eventbridge` works against it with only the endpoint changed
 * (AWS_ENDPOINT_URL_EVENTBRIDGE). Only the default bus exists. Each entry is taken or refused on
 * its own, as PutEvents does: the answer is 200 with `FailedEntryCount` and one result per entry.
 */
export function putEvents(exchange: Exchange, state: HoldsBus): Reply {
  const refused = refuseUnsigned(exchange) ?? refuseNonJson(exchange);
  if (refused !== undefined) return refused;
  const parsed = parseJson(exchange.rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) return awsError('SerializationException', 'The request body is not a JSON object.');
  const entries = parsed.value.Entries;
  // Emulator choice (unverified): the wording of AWS's validation error.
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
    return awsError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`);
  }
  const region = signingRegion(exchange);
  const results = entries.map((entry: unknown) => putOne(entry, region, state));
  return putEventsAnswer(results);
}

/** The answer to a PutEvents request whose entries met `results`. */
export function putEventsAnswer(results: PutEventsResultEntry[]): Reply {
  return {
    status: 200,
    contentType: AWS_JSON_1_1,
    body: { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results },
  };
}

/** How many entries a PutEvents body holds (1 when it cannot be read), for a fault that refuses each. */
export function entryCount(rawBody: string): number {
  const parsed = parseJson(rawBody);
  const entries = parsed.ok && isPlainObject(parsed.value) ? parsed.value.Entries : undefined;
  return Array.isArray(entries) && entries.length > 0 ? entries.length : 1;
}

// Emulator choice (unverified): the error codes and messages of refused entries.
function putOne(entry: unknown, region: string, state: HoldsBus): PutEventsResultEntry {
  if (!isPlainObject(entry)) return refusedEntry('InvalidArgument', 'Parameter Entries is not valid.');
  const { Source, DetailType, Detail, EventBusName, Resources, Time } = entry;
  for (const [name, value] of Object.entries({ Source, DetailType, Detail })) {
    if (typeof value !== 'string' || value === '') return refusedEntry('InvalidArgument', `Parameter ${name} is not valid. Reason: ${name} is a required argument.`);
  }
  if (EventBusName !== undefined && EventBusName !== DEFAULT_BUS && !String(EventBusName).endsWith(`:event-bus/${DEFAULT_BUS}`)) {
    return refusedEntry('ResourceNotFoundException', `Event bus ${String(EventBusName)} does not exist.`);
  }
  const detail = parseJson(Detail as string);
  if (!detail.ok || !isPlainObject(detail.value)) return refusedEntry('MalformedDetail', 'Detail is malformed.');
  const event: BusEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': DetailType as string,
    source: Source as string,
    account: ACCOUNT,
    time: eventTime(Time),
    region,
    resources: Array.isArray(Resources) ? Resources.map(String) : [],
    detail: detail.value,
  };
  state.eventBus.accept(event);
  return { EventId: event.id };
}

function refusedEntry(ErrorCode: string, ErrorMessage: string): PutEventsResultEntry {
  return { ErrorCode, ErrorMessage };
}

/** An entry's `Time` (the SDK sends epoch seconds), else now; EventBridge's envelope has whole seconds. */
function eventTime(time: unknown): string {
  const ms = typeof time === 'number' && Number.isFinite(time) ? time * 1000 : Date.now();
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

import type { Records, RecordedRequest } from './types';

/** Headers that carry credentials: never kept, so records can be printed and compared safely. */
const UNRECORDED_HEADERS = ['authorization', 'x-amz-security-token'];

/** Form fields that carry credentials (a client may send its secret in the body instead of Basic auth). */
const REDACTED_FORM_FIELDS = ['client_secret', 'password', 'refresh_token', 'code', 'assertion'];

const CALL_ENDPOINTS: ReadonlyArray<RecordedRequest['endpoint']> = ['calls', 'callsForUser'];

/** Which counter each endpoint bumps when a request to it arrives (whatever the outcome). */
const COUNTER_OF: Partial<Record<RecordedRequest['endpoint'], 'tokenRequests' | 'callPosts' | 'secretReads'>> = {
  token: 'tokenRequests',
  calls: 'callPosts',
  callsForUser: 'callPosts',
  getSecretValue: 'secretReads',
};

/** What a running emulator saw. One object for its whole life: `reset` empties it in place. */
export class Recorder {
  readonly records: Records = {
    requests: [],
    tokenRequests: 0,
    tokensIssued: 0,
    callPosts: 0,
    callsPlaced: [],
    secretReads: 0,
    callsInFlight: 0,
    peakCallsInFlight: 0,
    callEvents: [],
    busEvents: [],
    schedulesFired: [],
  };

  /**
   * Every phone number a call POST carried (`phoneNumber`, `callerId`), kept across resets: values
   * a client must never write to its logs or answers in full (see `Emulator.leakCanaries`).
   */
  readonly phoneNumbers = new Set<string>();

  /** Bumped by `clear`, so a call that was in flight across a reset does not decrement the new count. */
  private generation = 0;

  clear(): void {
    Object.assign(this.records, {
      tokenRequests: 0,
      tokensIssued: 0,
      callPosts: 0,
      secretReads: 0,
      callsInFlight: 0,
      peakCallsInFlight: 0,
    });
    this.records.requests.length = 0;
    this.records.callsPlaced.length = 0;
    this.records.callEvents.length = 0;
    this.records.busEvents.length = 0;
    this.records.schedulesFired.length = 0;
    this.generation += 1;
  }

  /** Records a received request and counts it; the caller fills in `status` (and `tokenKind`) later. */
  received(request: {
    endpoint: RecordedRequest['endpoint'];
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    rawBody: string;
  }): RecordedRequest {
    const recorded: RecordedRequest = {
      endpoint: request.endpoint,
      method: request.method,
      path: request.path,
      headers: recordableHeaders(request.headers),
      body: parseBody(request.rawBody, request.headers['content-type']),
      status: 0,
      at: Date.now(),
    };
    this.records.requests.push(recorded);
    if (CALL_ENDPOINTS.includes(request.endpoint)) this.notePhoneNumbers(recorded.body);
    const counter = COUNTER_OF[request.endpoint];
    if (counter !== undefined) this.records[counter] += 1;
    return recorded;
  }

  private notePhoneNumbers(body: unknown): void {
    if (typeof body !== 'object' || body === null) return;
    for (const field of ['phoneNumber', 'callerId']) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string' && value !== '') this.phoneNumbers.add(value);
    }
  }

  /** Marks a call POST as being handled; the returned function marks it finished. */
  callStarted(endpoint: RecordedRequest['endpoint']): () => void {
    if (!CALL_ENDPOINTS.includes(endpoint)) return () => undefined;
    const generation = this.generation;
    this.records.callsInFlight += 1;
    this.records.peakCallsInFlight = Math.max(this.records.peakCallsInFlight, this.records.callsInFlight);
    return () => {
      if (generation === this.generation) this.records.callsInFlight -= 1;
    };
  }
}

function recordableHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || UNRECORDED_HEADERS.includes(lower)) continue;
    kept[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

function parseBody(rawBody: string, contentType: string | string[] | undefined): unknown {
  const type = String(contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(rawBody));
    for (const field of REDACTED_FORM_FIELDS) if (field in form) form[field] = '[redacted]';
    return form;
  }
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
}

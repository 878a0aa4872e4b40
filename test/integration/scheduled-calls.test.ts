import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler } from '../../functions/scheduled-calls';
import { loadConfig } from '../../lib/config';
import { createContainer } from '../../lib/container';
import { ScheduleRetryableError } from '../../lib/scheduled/errors';
import type { FailedItem, ScheduledCallsResult } from '../../lib/scheduled/result';
import { httpApiEvent } from '../support/api-gateway-events';
import { callsSettled, coldContainer, emulatorEnv, lambdaContext, parseBody, startEmulator, UNLIMITED_RATE } from '../support/harness';
import { freePort } from '../support/processes';
import { constantInput, scheduledEvent, scheduledEventWithoutInput, transformedInput } from '../support/scheduled-events';

// The handler runs in this process; Genesys and Secrets Manager are the emulator, over real HTTP,
// reached by the real ky and AWS SDK clients. Only the Lambda context object is built by hand.

let emulator: Emulator;
beforeAll(async () => {
  // 1,000 calls a minute on one token: this file checks accounting, not Genesys's rate limit.
  emulator = await startEmulator(UNLIMITED_RATE);
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());
afterEach(() => callsSettled(emulator));

/** Distinct valid US numbers, written as people write them: `+1 415 210 0000`, `+1 415 210 0001`, … */
function numbers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `+1 415 2${10 + Math.floor(i / 1000)} ${String(i % 1000).padStart(4, '0')}`);
}
const e164 = (written: string) => written.replace(/\s/g, '');

interface LogLine {
  level: string;
  message: string;
  outcome?: string;
  index?: number;
  [key: string]: unknown;
}

/**
 * One container (cold, then warm), as Lambda would keep it, and its handler. `invoke` returns the
 * result and the JSON log lines the invocation wrote (Powertools writes them to stdout/stderr; the
 * spies pass every write through, so nothing else that watches the streams loses them).
 */
function containerOf(overrides: Record<string, string | undefined> = {}) {
  const container = coldContainer(emulator, overrides);
  const handler = createHandler(() => container);
  return {
    invoke: async (event: unknown, remainingMs?: number): Promise<{ result: ScheduledCallsResult; logs: LogLine[] }> => {
      const capture = captureLogs();
      try {
        const result = await handler(event, lambdaContext(remainingMs, 'genesys-outbound-call-test-scheduledCalls'));
        return { result, logs: capture.lines() };
      } finally {
        capture.restore();
      }
    },
    /** For the invocations expected to fail: the error and the log lines. */
    invokeFailing: async (event: unknown): Promise<{ error: unknown; logs: LogLine[] }> => {
      const capture = captureLogs();
      try {
        await handler(event, lambdaContext(undefined, 'genesys-outbound-call-test-scheduledCalls'));
        return { error: undefined, logs: capture.lines() };
      } catch (error) {
        return { error, logs: capture.lines() };
      } finally {
        capture.restore();
      }
    },
  };
}

function captureLogs() {
  const spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')];
  return {
    lines: (): LogLine[] =>
      spies
        .flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)))
        .flatMap((text) => text.split('\n'))
        .filter((line) => line.startsWith('{"level":'))
        .map((line) => JSON.parse(line) as LogLine),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** Lines about the whole run rather than one item. */
const RUN_OUTCOMES = ['schedule_summary', 'duplicate_delivery_risk'];

/** The log lines about items, by index; the test fails if any item is logged twice. */
function itemLines(logs: LogLine[]): Map<number, LogLine> {
  const byIndex = new Map<number, LogLine>();
  for (const line of logs.filter((entry) => !RUN_OUTCOMES.includes(entry.outcome ?? ''))) {
    expect(byIndex.has(line.index!)).toBe(false);
    byIndex.set(line.index!, line);
  }
  return byIndex;
}

const summaryLines = (logs: LogLine[]) => logs.filter((line) => line.outcome === 'schedule_summary');
const callPostTimes = () => emulator.records.requests.filter((request) => request.endpoint === 'callsForUser').map((request) => request.at);
const postedNumbers = () => emulator.records.requests.filter((request) => request.endpoint === 'callsForUser').map((request) => (request.body as { phoneNumber: string }).phoneNumber);

describe('scheduledCalls handler', () => {
  describe('reads the two shapes a schedule arrives in', () => {
    it("places the calls of a rule's constant input {calls: [...]}", async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const { result } = await invoke(constantInput([{ to: '(415) 555-0100', label: 'renewals' }, { to: '020 7946 0018', country: 'GB' }]));

      // Assess
      const [first, second] = emulator.records.callsPlaced;
      expect(result).toEqual({
        summary: { total: 2, placed: 2, failed: 0, notAttempted: 0, dryRun: 0 },
        conversationIds: [expect.any(String), expect.any(String)],
        items: [
          { index: 0, status: 'placed', conversationId: expect.any(String), to: '+*******0100', toCountry: 'US', userId: DEMO.userWithStation.id },
          { index: 1, status: 'placed', conversationId: expect.any(String), to: '+********0018', toCountry: 'GB', userId: DEMO.userWithStation.id },
        ],
      });
      expect(new Set(result.items.map((item) => (item as { conversationId: string }).conversationId))).toEqual(
        new Set([first.conversationId, second.conversationId]),
      );
      expect(result.conversationIds).toEqual(result.items.map((item) => (item as { conversationId: string }).conversationId));
      expect(emulator.records.callsPlaced.map((call) => call.body).sort((a, b) => String(a.phoneNumber).localeCompare(String(b.phoneNumber)))).toEqual([
        { phoneNumber: '+14155550100', label: 'renewals' },
        { phoneNumber: '+442079460018' },
      ]);
    });

    it('places the calls listed in detail.calls of the Scheduled Event envelope', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const { result, logs } = await invoke(scheduledEvent([{ to: '+1 415 555 0100' }]));

      // Assess
      expect(result.summary).toEqual({ total: 1, placed: 1, failed: 0, notAttempted: 0, dryRun: 0 });
      expect(emulator.records.callsPlaced).toHaveLength(1);
      expect(summaryLines(logs)[0]).toMatchObject({
        source: {
          kind: 'event',
          eventId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
          detailType: 'Scheduled Event',
          rule: 'arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule',
        },
      });
    });

    it("places the calls of the example rule's transformed input {id, time, calls}, keyed by the event, without a warning", async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const { result, logs } = await invoke(transformedInput([{ to: '+1 415 555 0100' }]));

      // Assess
      expect(result.summary).toEqual({ total: 1, placed: 1, failed: 0, notAttempted: 0, dryRun: 0 });
      expect(summaryLines(logs)[0]).toMatchObject({
        source: { kind: 'transformed_input', eventId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa', time: '2015-10-08T16:53:06Z' },
      });
      expect(logs.filter((line) => line.outcome === 'duplicate_delivery_risk')).toEqual([]);
    });

    it("warns once per invocation that a constant input's items would be dialled again on a duplicate delivery, and places them", async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const { result, logs } = await invoke(constantInput([{ to: '+1 415 555 0100' }, { to: '+1 415 555 0101' }]));

      // Assess
      expect(result.summary.placed).toBe(2);
      const warnings = logs.filter((line) => line.outcome === 'duplicate_delivery_risk');
      expect(warnings).toEqual([
        expect.objectContaining({
          level: 'WARN',
          items: 2,
          message: expect.stringMatching(/no event id.*duplicate delivery.*called again.*input transformer.*idempotencyKey/),
        }),
      ]);
    });

    it('does not warn for a constant input whose every item has its own idempotencyKey', async () => {
      // Prepare: no store here, so the keyed item fails closed (and the invocation asks for a
      // retry); what matters is the log.
      const { invokeFailing } = containerOf();

      // Act
      const { logs } = await invokeFailing(constantInput([{ to: '+1 415 555 0100', idempotencyKey: 'k-0' }]));

      // Assess
      expect(logs.filter((line) => line.outcome === 'duplicate_delivery_risk')).toEqual([]);
    });

    it('refuses a Scheduled Event without calls (a rule with no input): reported, nothing sent, no throw', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const { result, logs } = await invoke(scheduledEventWithoutInput());

      // Assess
      expect(result).toEqual({
        summary: { total: 0, placed: 0, failed: 0, notAttempted: 0, dryRun: 0 },
        conversationIds: [],
        items: [],
        problem: { code: 'invalid_request', detail: expect.stringContaining('Give the rule a constant input') },
      });
      expect(logs.map((line) => [line.level, line.outcome])).toEqual([['ERROR', 'schedule_summary']]);
      expect(emulator.records.requests).toEqual([]);
    });
  });

  describe('accounts for every item exactly once', () => {
    it('1,000 items: each placed once, never more than 5 in flight, one token request, 1,000 call POSTs', async () => {
      // Prepare
      const { invoke } = containerOf({ SCHEDULED_REQUESTS_PER_MINUTE: '100000' });
      const written = numbers(1000);
      // Each call stays in flight 10 ms, long enough for the workers to overlap.
      emulator.inject('callsForUser', { kind: 'delay', ms: 10 }, 1000);

      // Act
      // The function's own timeout (900 s): a thousand calls must not be cut short by a test's 28 s.
      const { result, logs } = await invoke(constantInput(written.map((to) => ({ to }))), 900_000);

      // Assess
      expect(result.summary).toEqual({ total: 1000, placed: 1000, failed: 0, notAttempted: 0, dryRun: 0 });
      expect(result.items.map((item) => [item.index, item.status])).toEqual(written.map((_, index) => [index, 'placed']));
      expect({
        peakCallsInFlight: emulator.records.peakCallsInFlight,
        tokenRequests: emulator.records.tokenRequests,
        callPosts: emulator.records.callPosts,
        placed: emulator.records.callsPlaced.length,
      }).toEqual({ peakCallsInFlight: 5, tokenRequests: 1, callPosts: 1000, placed: 1000 });
      expect(postedNumbers().sort()).toEqual(written.map(e164).sort());
      expect(new Set(result.items.map((item) => (item as { conversationId: string }).conversationId))).toEqual(
        new Set(emulator.records.callsPlaced.map((call) => call.conversationId)),
      );
      expect(new Set(result.conversationIds)).toEqual(new Set(emulator.records.callsPlaced.map((call) => call.conversationId)));
      expect(result.conversationIds).toHaveLength(1000);
      expect([itemLines(logs).size, summaryLines(logs).length]).toEqual([1000, 1]);
      // No number in full, with or without its +, anywhere in the result or the logs.
      const digitRuns = new Set((JSON.stringify(result) + JSON.stringify(logs)).match(/\d{10,}/g));
      expect(written.map((number) => e164(number).slice(1)).filter((digits) => digitRuns.has(digits))).toEqual([]);
    }, 90_000); // a thousand HTTP round trips: generous for a loaded machine, where 20 s was not
  });

  describe('validates every item first, as POST /calls does', () => {
    const invalid: Array<[string, unknown]> = [
      ['a tutorial from/to item', { from: { address: '+14155550199' }, to: { address: '+14155550100' } }],
      ['an item without to', { country: 'US' }],
      ['an invalid number', { to: '415 555' }],
      ['a country outside ALLOWED_COUNTRIES', { to: '+33 1 23 45 67 89' }],
      ['a premium-rate number', { to: '+1 900 555 0100' }],
    ];

    it('reports each invalid item with the code, status, detail and field POST /calls answers, and places the valid ones', async () => {
      // Prepare
      const { invoke } = containerOf();
      const calls = [{ to: '+1 415 555 0100' }, ...invalid.map(([, item]) => item), { to: '+1 415 555 0101' }, 'not an object'];
      const createCall = createCallHandler(() => coldContainer(emulator));
      const answers = [];
      for (const [, item] of invalid) {
        answers.push(parseBody(await createCall(httpApiEvent(item), lambdaContext())));
      }
      emulator.reset();

      // Act
      const { result, logs } = await invoke(constantInput(calls));

      // Assess
      expect(result.summary).toEqual({ total: 8, placed: 2, failed: 6, notAttempted: 0, dryRun: 0 });
      expect(result.items.slice(1, 6)).toEqual(
        answers.map((answer, i) => ({
          index: i + 1,
          status: 'failed',
          code: answer.code,
          httpStatus: answer.status,
          detail: answer.detail,
          ...(answer.field === undefined ? {} : { field: answer.field }),
        })),
      );
      // An item that is not an object at all is refused like a body that is not one.
      expect(result.items[7]).toEqual({
        index: 7,
        status: 'failed',
        code: 'invalid_request',
        httpStatus: 400,
        detail: expect.stringMatching(/^The call must be a JSON object/),
      });
      expect(result.items.map((item) => item.status)).toEqual(['placed', ...invalid.map(() => 'failed'), 'placed', 'failed']);
      expect(postedNumbers().sort()).toEqual(['+14155550100', '+14155550101']);
      expect([itemLines(logs).size, summaryLines(logs).length]).toEqual([8, 1]);
    });

    it('describes a dryRun item without placing it, numbers masked: its result goes to logs and destinations, not to the caller', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const { result } = await invoke(constantInput([{ to: '(415) 555-0100', dryRun: true }, { to: '+1 415 555 0101' }]));

      // Assess
      expect(result.items[0]).toEqual({
        index: 0,
        status: 'dry_run',
        to: '+*******0100',
        toCountry: 'US',
        userId: DEMO.userWithStation.id,
        request: {
          method: 'POST',
          url: `${emulator.url}/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`,
          path: `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`,
          body: { phoneNumber: '+*******0100' },
        },
      });
      expect(result.summary).toEqual({ total: 2, placed: 1, failed: 0, notAttempted: 0, dryRun: 1 });
      expect(result.conversationIds).toEqual([emulator.records.callsPlaced[0]?.conversationId]);
      expect(postedNumbers()).toEqual(['+14155550101']);
    });

    it('a configuration error fails every item with configuration_error, sends nothing and does not throw', async () => {
      // Prepare
      const handler = createHandler(() => createContainer(loadConfig(emulatorEnv(emulator, { GENESYS_CREDENTIALS_SECRET_ID: undefined }))));
      const capture = captureLogs();

      // Act
      const result = await handler(constantInput(numbers(3).map((to) => ({ to }))), lambdaContext()).finally(capture.restore);

      // Assess
      expect(result.summary).toEqual({ total: 3, placed: 0, failed: 3, notAttempted: 0, dryRun: 0 });
      expect(result.items.map((item) => [(item as FailedItem).code, (item as FailedItem).httpStatus])).toEqual(Array(3).fill(['configuration_error', 500]));
      expect(emulator.records.requests).toEqual([]);
    });
  });

  describe('Genesys failures are reported per item, and no item is sent twice', () => {
    it('429s, 5xx and a dropped connection each come back with their code; every valid item is posted exactly once', async () => {
      // Prepare
      const { invoke } = containerOf({ SCHEDULED_REQUESTS_PER_MINUTE: '100000' });
      const written = numbers(27);
      const calls = [...written.map((to) => ({ to })), { to: '415 555' }, { to: '+33 1 23 45 67 89' }, { calerId: '+14155550199', to: '+1 415 555 0100' }];
      // Retry-After 60 s is more than the invocation has left: the 429 is not retried, it is reported.
      emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 60 }, 3);
      emulator.inject('callsForUser', { kind: 'status', status: 503 }, 2);
      emulator.inject('callsForUser', { kind: 'status', status: 500 });
      emulator.inject('callsForUser', { kind: 'drop' });

      // Act
      const { result, logs } = await invoke(constantInput(calls));

      // Assess
      expect(result.summary).toEqual({ total: 30, placed: 20, failed: 10, notAttempted: 0, dryRun: 0 });
      const failed = result.items.filter((item): item is FailedItem => item.status === 'failed');
      const tally = (items: FailedItem[]) =>
        items.map((item) => `${item.code} ${item.httpStatus}${item.mayHaveBeenPlaced ? ' may have been placed' : ''}`).sort();
      expect(tally(failed)).toEqual([
        'genesys_rate_limited 429',
        'genesys_rate_limited 429',
        'genesys_rate_limited 429',
        'genesys_unavailable 502 may have been placed',
        'genesys_unavailable 502 may have been placed',
        'genesys_unavailable 502 may have been placed',
        'genesys_unavailable 502 may have been placed',
        'invalid_phone_number 422',
        'destination_not_allowed 422',
        'invalid_request 400',
      ].sort());
      // Each valid number was posted once: none twice, none lost. The dropped POST was placed by Genesys.
      expect(postedNumbers().sort()).toEqual(written.map(e164).sort());
      expect(emulator.records.callsPlaced).toHaveLength(21);
      expect(failed.filter((item) => item.code === 'genesys_rate_limited').every((item) => item.genesys?.code === 'too.many.requests.retry.after')).toBe(true);
      expect([itemLines(logs).size, summaryLines(logs).length]).toEqual([30, 1]);
    });
  });

  describe('stops starting calls well before the deadline', () => {
    it('with less time left than one whole Genesys attempt needs, every item is not_attempted and nothing is sent', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act: 5 s left; a call needs GENESYS_TIMEOUT_MS (5 s) + 1.25 s.
      const { result, logs } = await invoke(constantInput(numbers(10).map((to) => ({ to }))), 5_000);

      // Assess
      expect(result.summary).toEqual({ total: 10, placed: 0, failed: 0, notAttempted: 10, dryRun: 0 });
      expect(result.items.map((item) => [item.index, item.status, (item as { reason: string }).reason])).toEqual(
        Array.from({ length: 10 }, (_, index) => [index, 'not_attempted', 'deadline']),
      );
      expect(emulator.records.requests).toEqual([]);
      expect([itemLines(logs).size, summaryLines(logs).length]).toEqual([10, 1]);
    });

    it('a run cut short places the calls started in time and returns the rest not_attempted, none lost', async () => {
      // Prepare: 100 ms between starts; with 3.25 s left and a 1 s Genesys timeout, starts stop after
      // 1 s. A warm container, so that each call is posted when it starts, not once a token arrives.
      const { invoke } = containerOf({ GENESYS_TIMEOUT_MS: '1000', SCHEDULED_REQUESTS_PER_MINUTE: '600' });
      await invoke(constantInput([{ to: '+1 415 555 0100' }]));
      emulator.reset();
      const startedAt = Date.now();

      // Act
      const { result } = await invoke(constantInput(numbers(40).map((to) => ({ to }))), 3_250);

      // Assess
      const { placed, notAttempted } = result.summary;
      expect({ total: placed + notAttempted, failed: result.summary.failed }).toEqual({ total: 40, failed: 0 });
      expect(placed).toBeGreaterThanOrEqual(5);
      expect(placed).toBeLessThanOrEqual(12);
      // Starts are booked in list order: the placed items are the first ones, the others the rest.
      expect(result.items.map((item) => item.status)).toEqual([...Array(placed).fill('placed'), ...Array(notAttempted).fill('not_attempted')]);
      expect(emulator.records.callsPlaced).toHaveLength(placed);
      // The last start is at most 1 s in; latency on a loaded machine may add to when it arrives.
      expect(Math.max(...callPostTimes()) - startedAt).toBeLessThan(1_600);
    });
  });

  describe('fails the invocation only when Lambda may safely retry it', () => {
    it('Genesys unreachable before any call: throws a message without numbers, and every item is logged', async () => {
      // Prepare
      const closed = `http://127.0.0.1:${await freePort()}`;
      const { invokeFailing } = containerOf({ GENESYS_API_URL: closed, GENESYS_LOGIN_URL: closed });

      // Act
      const { error, logs } = await invokeFailing(constantInput(numbers(20).map((to) => ({ to }))));

      // Assess
      expect(error).toBeInstanceOf(ScheduleRetryableError);
      const { message } = error as Error;
      expect(message).toMatch(/^No call was placed: \d+ attempted call\(s\) failed before reaching Genesys \(genesys_unavailable ×\d+\), \d+ not attempted/);
      expect(message).not.toMatch(/\d{6,}/);
      expect([itemLines(logs).size, summaryLines(logs).map((line) => line.level)]).toEqual([20, ['ERROR']]);
      expect(emulator.records.callPosts).toBe(0);
    });

    it('every call refused with a 429: nothing placed, nothing Genesys acted on, so it throws', async () => {
      // Prepare
      const { invokeFailing } = containerOf();
      emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 60 }, 2);

      // Act
      const { error } = await invokeFailing(constantInput(numbers(2).map((to) => ({ to }))));

      // Assess
      expect((error as Error).message).toMatch(/^No call was placed: 2 attempted call\(s\) failed before reaching Genesys \(genesys_rate_limited ×2\)/);
      expect({ callPosts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length }).toEqual({ callPosts: 2, placed: 0 });
    });

    it('after one placed call it does not throw, though every later call was refused with a 429', async () => {
      // Prepare
      const { invoke } = containerOf({ SCHEDULED_CONCURRENCY: '1' });
      emulator.inject('callsForUser', { kind: 'delay', ms: 0 }); // the first call goes through
      emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 60 }, 2);

      // Act
      const { result } = await invoke(constantInput(numbers(3).map((to) => ({ to }))));

      // Assess
      expect(result.items.map((item) => [item.status, (item as FailedItem).code])).toEqual([
        ['placed', undefined],
        ['failed', 'genesys_rate_limited'],
        ['failed', 'genesys_rate_limited'],
      ]);
    });

    it('the login host failing after the first call: returns; the calls not yet started are not_attempted', async () => {
      // Prepare: the token is refused once on the second call; the refresh then meets a login host that is down.
      const { invoke } = containerOf({ SCHEDULED_CONCURRENCY: '1' });
      emulator.inject('token', { kind: 'delay', ms: 0 });
      emulator.inject('token', { kind: 'status', status: 503 }, 3);
      emulator.inject('callsForUser', { kind: 'delay', ms: 0 });
      emulator.inject('callsForUser', { kind: 'status', status: 401, code: 'bad.credentials' });

      // Act
      const { result } = await invoke(constantInput(numbers(4).map((to) => ({ to }))));

      // Assess
      expect(result.items.map((item) => [item.status, (item as FailedItem).code ?? (item as { reason?: string }).reason])).toEqual([
        ['placed', undefined],
        ['failed', 'genesys_unavailable'],
        ['not_attempted', 'stopped_after_failure'],
        ['not_attempted', 'stopped_after_failure'],
      ]);
      expect({ callPosts: emulator.records.callPosts, tokenRequests: emulator.records.tokenRequests }).toEqual({ callPosts: 2, tokenRequests: 4 });
    });

    it('a call POST that timed out (it may ring): does not throw, and the item says it may have been placed', async () => {
      // Prepare
      const { invoke } = containerOf({ GENESYS_TIMEOUT_MS: '300' });
      emulator.inject('callsForUser', { kind: 'delay', ms: 1500 });

      // Act
      const { result } = await invoke(constantInput([{ to: '+1 415 555 0100' }]));

      // Assess
      expect(result.items).toEqual([
        expect.objectContaining({ index: 0, status: 'failed', code: 'genesys_timeout', httpStatus: 504, mayHaveBeenPlaced: true }),
      ]);
    });
  });

  describe('spaces the calls to the rate budget', () => {
    it('20 items at 600 requests a minute: the k-th call POST reaches Genesys no sooner than k × 100 ms after the run starts (1.9 s for the last)', async () => {
      // Prepare: a warm container, so the first call does not wait for a token.
      const { invoke } = containerOf({ SCHEDULED_REQUESTS_PER_MINUTE: '600' });
      await invoke(constantInput([{ to: '+1 415 555 0100' }]));
      emulator.reset();
      const startedAt = Date.now();

      // Act
      const { result } = await invoke(constantInput(numbers(20).map((to) => ({ to }))));

      // Assess: the emulator's receive times. Network latency only delays a POST, so the bound holds
      // on a loaded machine too; 2 ms allow for timers firing a millisecond early and clock rounding.
      expect(result.summary.placed).toBe(20);
      const sinceStart = callPostTimes()
        .sort((a, b) => a - b)
        .map((at) => at - startedAt);
      expect(sinceStart.map((ms, k) => ms >= k * 100 - 2 || `POST ${k} at ${ms} ms`)).toEqual(Array(20).fill(true));
      expect(sinceStart[19]).toBeGreaterThanOrEqual(1_898);
    });
  });
});

import fc from 'fast-check';
import type { Emulator } from '../../emulator';
import { BATCHES_TABLE } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { createHandler } from '../../functions/scheduled-calls';
import { PROBLEM_TYPES } from '../../lib/problems/problem-types';
import type { DialMessage } from '../../lib/queue/dial-message';
import type { ScheduledCallsResult } from '../../lib/scheduled/result';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import type { FaultProxy } from '../support/fault-proxy';
import { startFaultProxy } from '../support/fault-proxy';
import { fuzzReport, validCall, wildItem } from '../support/fuzz-arbitraries';
import { coldContainer, lambdaContext } from '../support/harness';
import { leakGuard } from '../support/leak-guard';
import { constantInput, scheduledEvent } from '../support/scheduled-events';

// Property-based tests of scheduledCalls: generated events through the real handler, which accepts
// each list as a batch into dynalite and the local SQS (through a proxy that records what SQS took;
// no dialer runs). Every item must be accounted for once, with a documented code, and nothing
// invalid may reach the dial queue.

jest.setTimeout(300_000);

let stack: EmulatorAndDynamo;
let emulator: Emulator;
let sqs: LocalSqs;
let proxy: FaultProxy;
beforeAll(async () => {
  stack = await startEmulatorAndDynamo();
  emulator = stack.emulator;
  sqs = await startLocalSqs(0, '127.0.0.1');
  proxy = await startFaultProxy(sqs.url);
  process.env.AWS_ENDPOINT_URL_SQS = proxy.url;
});
afterAll(async () => {
  await proxy.stop();
  await sqs.stop();
  await stack.stop();
});

const RUNS = { wild: 400, valid: 150 };
const outcomes = { wild: new Map<string, number>(), valid: new Map<string, number>() };

function tally(map: Map<string, number>, result: ScheduledCallsResult): void {
  const keys = result.problem ? [`event ${result.problem.code}`] : [...result.failed.map((item) => item.code), ...Array<string>(result.queued).fill('queued'), ...Array<string>(result.dryRun).fill('dryRun')];
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
}

/** A Scheduled Event of its own id: the fixture's would name the same batch every run. */
const freshEvent = (items: unknown[]) => ({ ...scheduledEvent(items), id: crypto.randomUUID() });

/** Any event: the two real shapes holding any items, and events of any other shape. */
const wildEvent = fc.oneof(
  { arbitrary: fc.array(wildItem(), { maxLength: 6 }).map((items) => constantInput(items)), weight: 4 },
  { arbitrary: fc.array(wildItem(), { maxLength: 6 }).map((items) => freshEvent(items)), weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  { arbitrary: fc.record({ calls: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), extra: fc.string() }, { requiredKeys: [] }), weight: 1 },
);

/** The dial messages SQS took since the proxy's record was last cleared. */
const messagesSent = () =>
  (proxy.forwarded.get('SendMessageBatch') ?? []).flatMap((request) => (request as { Entries: Array<{ MessageBody: string }> }).Entries.map((entry) => JSON.parse(entry.MessageBody) as DialMessage));

describe('scheduledCalls handler under generated events', () => {
  let handler: ReturnType<typeof createHandler>;
  beforeAll(() => {
    const container = coldContainer(emulator, { ALLOWED_COUNTRIES: 'US,CA,GB', BATCHES_TABLE, DIAL_QUEUE_URL: sqs.queueUrl.replace(sqs.url, proxy.url) });
    handler = createHandler(() => container);
  });
  afterAll(() => fuzzReport('scheduledCalls', RUNS, outcomes));

  const invoke = async (event: unknown) => {
    proxy.forwarded.clear();
    const result = await handler(event, lambdaContext(28_000, 'genesys-outbound-call-test-scheduledCalls'));
    leakGuard.observe(JSON.stringify(result));
    return result;
  };

  it(`accounts for every item of ${RUNS.wild} arbitrary events with a documented outcome, queuing nothing invalid`, async () => {
    await fc.assert(
      fc.asyncProperty(wildEvent, async (event) => {
        // Prepare
        const listed = (event as { calls?: unknown; detail?: { calls?: unknown } } | null) ?? {};

        // Act
        const result = await invoke(event);

        // Assess
        tally(outcomes.wild, result);
        const sent = messagesSent();
        if (result.problem) {
          expect(result).toEqual({ total: 0, queued: 0, dryRun: 0, failed: [], problem: { code: 'invalid_request', detail: expect.any(String) } });
          expect(sent).toEqual([]);
          return;
        }
        const calls = (Array.isArray(listed.calls) ? listed.calls : listed.detail?.calls) as unknown[];
        expect(result.total).toBe(calls.length);
        expect(result.total).toBe(result.queued + result.dryRun + result.failed.length);
        for (const item of result.failed) expect(Object.keys(PROBLEM_TYPES)).toContain(item.code);
        // Each index once, in one place: failed, or a message on the queue, or a dry run (neither).
        const failedAt = result.failed.map((item) => item.index);
        const queuedAt = sent.map((message) => message.index!);
        expect(new Set([...failedAt, ...queuedAt]).size).toBe(failedAt.length + queuedAt.length);
        expect(queuedAt).toHaveLength(result.queued);
        // What was queued is the item as written (its own key taken out), for the dialer to check again.
        for (const message of sent) {
          const { idempotencyKey: _key, ...written } = calls[message.index!] as Record<string, unknown>;
          expect(message.call).toEqual(written);
          expect(message.caller).toBe('schedule');
        }
        expect(emulator.records.callPosts).toBe(0);
      }),
      { numRuns: RUNS.wild },
    );
  });

  it(`queues every item of ${RUNS.valid} lists of valid calls exactly once, as written`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validCall(), { minLength: 1, maxLength: 5 }), fc.boolean(), async (calls, envelope) => {
        // Prepare
        const items = calls.map(({ body }) => body);

        // Act
        const result = await invoke(envelope ? freshEvent(items) : constantInput(items));

        // Assess
        tally(outcomes.valid, result);
        expect(result).toMatchObject({ total: calls.length, queued: calls.length, dryRun: 0, failed: [] });
        const sent = messagesSent().sort((a, b) => a.index! - b.index!);
        expect(sent.map((message) => message.call)).toEqual(items);
        expect(new Set(sent.map((message) => message.key)).size).toBe(calls.length);
      }),
      { numRuns: RUNS.valid },
    );
  });
});

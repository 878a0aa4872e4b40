import fc from 'fast-check';
import type { Emulator } from '../../emulator';
import { createHandler } from '../../functions/scheduled-calls';
import { PROBLEM_TYPES } from '../../lib/problems/problem-types';
import type { ScheduledCallsResult } from '../../lib/scheduled/result';
import { fuzzReport, GENESYS_ANSWERED, validCall, wildItem } from '../support/fuzz-arbitraries';
import { coldContainer, lambdaContext, startEmulator } from '../support/harness';
import { leakGuard } from '../support/leak-guard';
import { constantInput, scheduledEvent } from '../support/scheduled-events';

// Property-based tests of scheduledCalls: generated events through the real handler to the
// emulator over HTTP. Every item must be accounted for once, with a documented code, and nothing
// invalid may reach Genesys.

jest.setTimeout(300_000);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const RUNS = { wild: 1500, valid: 500 };
const outcomes = { wild: new Map<string, number>(), valid: new Map<string, number>() };

function tally(map: Map<string, number>, result: ScheduledCallsResult): void {
  const keys = result.problem ? [`event ${result.problem.code}`] : result.items.map((item) => (item.status === 'failed' ? item.code : item.status));
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
}

/** Any event: the two real shapes holding any items, and events of any other shape. */
const wildEvent = fc.oneof(
  { arbitrary: fc.array(wildItem(), { maxLength: 6 }).map((items) => constantInput(items)), weight: 4 },
  { arbitrary: fc.array(wildItem(), { maxLength: 6 }).map((items) => scheduledEvent(items)), weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  { arbitrary: fc.record({ calls: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), extra: fc.string() }, { requiredKeys: [] }), weight: 1 },
);

describe('scheduledCalls handler under generated events', () => {
  let handler: ReturnType<typeof createHandler>;
  beforeAll(() => {
    const container = coldContainer(emulator, { ALLOWED_COUNTRIES: 'US,CA,GB', SCHEDULED_REQUESTS_PER_MINUTE: '100000' });
    handler = createHandler(() => container);
  });
  afterAll(() => fuzzReport('scheduledCalls', RUNS, outcomes));

  const invoke = async (event: unknown) => {
    const result = (await handler(event, lambdaContext(28_000, 'genesys-outbound-call-test-scheduledCalls'))) as ScheduledCallsResult;
    leakGuard.observe(JSON.stringify(result));
    return result;
  };

  it(`accounts for every item of ${RUNS.wild} arbitrary events with a documented outcome, sending Genesys nothing invalid`, async () => {
    await fc.assert(
      fc.asyncProperty(wildEvent, async (event) => {
        // Prepare
        emulator.reset();
        const listed = (event as { calls?: unknown; detail?: { calls?: unknown } } | null) ?? {};

        // Act
        const result = await invoke(event);

        // Assess
        tally(outcomes.wild, result);
        if (result.problem) {
          expect(result.items).toEqual([]);
          expect(result.problem.code).toBe('invalid_request');
          expect(emulator.records.requests).toEqual([]);
          return;
        }
        const calls = (Array.isArray(listed.calls) ? listed.calls : listed.detail?.calls) as unknown[];
        expect(result.items.map((item) => item.index)).toEqual(calls.map((_, index) => index));
        const { total, placed, failed, notAttempted, dryRun } = result.summary;
        expect(total).toBe(placed + failed + notAttempted + dryRun);
        expect(emulator.records.callsPlaced).toHaveLength(placed);
        for (const item of result.items) {
          if (item.status === 'failed') {
            expect(Object.keys(PROBLEM_TYPES)).toContain(item.code);
            expect(item.httpStatus).toBeLessThan(500);
          }
        }
        // Only items that passed validation, and only once each, reached Genesys.
        const sent = result.items.filter((item) => item.status === 'placed' || (item.status === 'failed' && GENESYS_ANSWERED.has(item.code)));
        expect(emulator.records.callPosts).toBe(sent.length);
      }),
      { numRuns: RUNS.wild },
    );
  });

  it(`places every item of ${RUNS.valid} lists of valid calls exactly once, to the expected numbers`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validCall(), { minLength: 1, maxLength: 5 }), fc.boolean(), async (calls, envelope) => {
        // Prepare
        emulator.reset();
        const items = calls.map(({ body }) => body);

        // Act
        const result = await invoke(envelope ? scheduledEvent(items) : constantInput(items));

        // Assess
        tally(outcomes.valid, result);
        expect(result.items.map((item) => item.status)).toEqual(Array(calls.length).fill('placed'));
        expect(emulator.records.callPosts).toBe(calls.length);
        expect(emulator.records.callsPlaced.map((call) => call.body.phoneNumber).sort()).toEqual(calls.map(({ e164 }) => e164).sort());
      }),
      { numRuns: RUNS.valid },
    );
  });
});

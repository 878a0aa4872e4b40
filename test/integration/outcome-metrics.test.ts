import type { Emulator } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { CALLS_TABLE } from '../../emulator/local-dynamodb';
import { httpApiEvent } from '../support/api-gateway-events';
import { captureEmf, metricsOf, totalsByCode } from '../support/emf';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, observed, waitUntil } from '../support/harness';

// callEvents as Genesys's events drive it (the emulator plays each call and delivers its detail
// events to the function), against a real DynamoDB implementation (dynalite): a placed call is
// counted in CallOutcomes once, when it ends, by whether it was answered.

let emulator: Emulator;
let stopAll: () => Promise<void>;
beforeAll(async () => ({ emulator, stop: stopAll } = await startEmulatorAndDynamo({ deliverCallEvents: true })));
afterAll(() => stopAll());
beforeEach(() => emulator.reset());

const eventsDelivered = (count: number): Promise<void> =>
  waitUntil(() => emulator.records.callEvents.filter((event) => event.outcome === 'delivered').length >= count, () => `${count} events not delivered`);

describe('metrics of callEvents', () => {
  it.each([
    ['answered', 'answered', { outcome: 'answered', ringMs: 50, talkMs: 200 }, 4],
    ['not answered', 'unanswered', { outcome: 'noAnswer', ringMs: 50 }, 3],
  ] as const)('count a call %s once, when it ends, under %s', async (_case, code, script, events) => {
    // Prepare
    emulator.scriptCalls(script);
    const placeCall = createCallHandler(() => coldContainer(emulator, { CALLS_TABLE }));

    // Act
    const { lines } = await captureEmf(async () => {
      observed(await placeCall(httpApiEvent({ to: '+1 415 555 0100' }), lambdaContext()));
      await eventsDelivered(events);
    });

    // Assess
    expect(totalsByCode(lines, 'CallOutcomes')).toEqual({ [code]: 1 });
    expect(metricsOf(lines).filter((metric) => metric.name === 'CallOutcomes').map((metric) => Object.keys(metric.dimensions))).toEqual([['service', 'code']]);
  });
});

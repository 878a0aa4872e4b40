import type { Emulator } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createEventsHandler } from '../../functions/call-events';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { CALLS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { loadConfig } from '../../lib/config';
import { createCallEventsContainer } from '../../lib/outcomes/call-events-container';
import { httpApiEvent } from '../support/api-gateway-events';
import { captureEmf, metricsOf, totalsByCode } from '../support/emf';
import { coldContainer, emulatorEnv, lambdaContext, observed, startEmulator } from '../support/harness';

// callEvents as Genesys's events drive it (the emulator plays each call and delivers its detail
// events to the function), against a real DynamoDB implementation (dynalite): a placed call is
// counted in CallOutcomes once, when it ends, by whether it was answered.

let emulator: Emulator;
let dynamo: LocalDynamoDB;
beforeAll(async () => {
  emulator = await startEmulator();
  dynamo = await startLocalDynamoDB();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  const callEvents = createEventsHandler(() => createCallEventsContainer(loadConfig(emulatorEnv(emulator, { CALLS_TABLE }))));
  emulator.deliverCallEventsTo(async (envelope) => callEvents(envelope, lambdaContext(10_000)));
});
afterAll(async () => {
  await dynamo.stop();
  await emulator.stop();
});
beforeEach(() => emulator.reset());

async function eventsDelivered(count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (emulator.records.callEvents.filter((event) => event.outcome === 'delivered').length < count) {
    if (Date.now() > deadline) throw new Error(`${count} events not delivered within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

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

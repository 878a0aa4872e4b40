import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import type { MetricName } from '../../lib/telemetry/metrics';
import { METRICS, METRICS_NAMESPACE } from '../../lib/telemetry/metrics';
import { httpApiEvent } from '../support/api-gateway-events';
import type { EmfLine } from '../support/emf';
import { captureEmf, metricsOf, totalsByCode } from '../support/emf';
import { coldContainer, lambdaContext, observed, startEmulator } from '../support/harness';

// Both functions against the emulator over HTTP, as deployed but for the URLs: the EMF lines they
// print are what CloudWatch turns into the metrics serverless.yml's alarms watch.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const SERVICE = 'genesys-outbound-call';

async function postCall(body: unknown, env: Record<string, string> = {}, meanwhile: () => void = () => undefined) {
  // The container is made inside the invocation, as getContainer does: a bad setting is answered.
  return captureEmf(async () => {
    const answer = createCallHandler(() => coldContainer(emulator, env))(httpApiEvent(body), lambdaContext());
    meanwhile();
    return observed(await answer);
  });
}

/** Every line is in the namespace, with `service` (and `code` for coded metrics) as its only dimensions, and each metric in its unit. */
function shapeErrors(lines: EmfLine[]): string[] {
  return metricsOf(lines).flatMap((metric) => {
    const definition = METRICS[metric.name as MetricName] as { unit: string; code?: string } | undefined;
    const expectedDimensions = definition?.code ? ['service', 'code'] : ['service'];
    const errors: string[] = [];
    if (!definition) errors.push(`${metric.name} is not in lib/telemetry/metrics.ts METRICS`);
    if (metric.namespace !== METRICS_NAMESPACE) errors.push(`${metric.name} in namespace ${metric.namespace}`);
    if (definition && metric.unit !== definition.unit) errors.push(`${metric.name} in ${metric.unit}`);
    if (Object.keys(metric.dimensions).join() !== expectedDimensions.join()) errors.push(`${metric.name} with dimensions ${Object.keys(metric.dimensions).join()}`);
    if (metric.dimensions.service !== SERVICE) errors.push(`${metric.name} of service ${String(metric.dimensions.service)}`);
    return errors;
  });
}

describe('metrics of createCall', () => {
  /** The values of a plain metric over the lines, in order. */
  const valuesOf = (lines: EmfLine[], name: string) => metricsOf(lines).filter((metric) => metric.name === name).flatMap((metric) => metric.value as number | number[]);

  it("count a placed call in CallsPlaced, the container's token request, and the call POST's latency", async () => {
    // Act
    const { result, lines } = await postCall({ to: '+1 415 555 0100' });

    // Assess
    expect(result.statusCode).toBe(201);
    expect(totalsByCode(lines, 'CallsPlaced')).toEqual({ '-': 1 });
    expect(totalsByCode(lines, 'TokenRequests')).toEqual({ '-': emulator.records.tokenRequests });
    expect(emulator.records.tokenRequests).toBe(1);
    expect(valuesOf(lines, 'GenesysCallLatency')).toEqual([expect.any(Number)]);
    expect(valuesOf(lines, 'GenesysCallLatency')[0]).toBeGreaterThan(0);
    expect(totalsByCode(lines, 'RequestsRefused')).toEqual({});
    expect(shapeErrors(lines)).toEqual([]);
  });

  it('count a 429 waited out in RateLimitWaits, and the latency of both call POSTs', async () => {
    // Prepare: another copy of the Genesys client's module in this process (as Jest loads lib/ once
    // per test file in one worker) reports a 429 waited out and an attempt meanwhile, as work an
    // earlier test file left running does: it is not this function's, and must not be counted.
    emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 1 });
    let other: typeof import('../../lib/genesys/observe') | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<typeof import('../../lib/genesys/observe')>('../../lib/genesys/observe');
    });
    const strayWork = () => {
      other!.attemptRetried.publish({ operation: 'createCall', status: 429 });
      other!.attemptEnded.publish({ operation: 'createCall', status: 429, ms: 5 });
    };

    // Act
    const { result, lines } = await postCall({ to: '+1 415 555 0100' }, {}, strayWork);

    // Assess
    expect(result.statusCode).toBe(201);
    expect(totalsByCode(lines, 'RateLimitWaits')).toEqual({ '-': 1 });
    expect(valuesOf(lines, 'GenesysCallLatency')).toHaveLength(emulator.records.callPosts);
    expect(emulator.records.callPosts).toBe(2);
    expect(totalsByCode(lines, 'CallsPlaced')).toEqual({ '-': 1 });
    expect(shapeErrors(lines)).toEqual([]);
  });

  it.each([
    ['an invalid number', { to: '+1 415 555' }, {}, () => undefined, 'invalid_phone_number'],
    ['a body that is not JSON', '{"to": ', {}, () => undefined, 'invalid_json'],
    ['a missing secret', { to: '+1 415 555 0100' }, {}, (e: Emulator) => e.deleteSecret(DEMO.secretId), 'credentials_unavailable'],
    ['a missing setting', { to: '+1 415 555 0100' }, { GENESYS_CREDENTIALS_SECRET_ID: '' }, () => undefined, 'configuration_error'],
  ])('count %s in RequestsRefused under its problem code, and no call', async (_case, body, env, inject, code) => {
    // Prepare
    inject(emulator);

    // Act
    const { lines } = await postCall(body, env);

    // Assess
    expect(totalsByCode(lines, 'RequestsRefused')).toEqual({ [code]: 1 });
    expect(totalsByCode(lines, 'CallsPlaced')).toEqual({});
    expect(shapeErrors(lines)).toEqual([]);
  });

  it("count a Genesys refusal under the problem code and, separately, under Genesys's own code", async () => {
    // Prepare
    emulator.inject('callsForUser', { kind: 'status', status: 403, code: 'missing.any.permissions', messageParams: { permissions: 'conversation:call:add' } });

    // Act
    const { result, lines } = await postCall({ to: '+1 415 555 0100' });

    // Assess
    expect(result.statusCode).toBe(502);
    expect(totalsByCode(lines, 'RequestsRefused')).toEqual({ genesys_forbidden: 1 });
    expect(totalsByCode(lines, 'GenesysRefusals')).toEqual({ 'missing.any.permissions': 1 });
    expect(shapeErrors(lines)).toEqual([]);
  });

  it('file a Genesys answer without a code under http_<status>', async () => {
    // Prepare
    emulator.inject('callsForUser', { kind: 'status', status: 503, code: '' });

    // Act
    const { lines } = await postCall({ to: '+1 415 555 0100' });

    // Assess
    expect(totalsByCode(lines, 'RequestsRefused')).toEqual({ genesys_unavailable: 1 });
    expect(totalsByCode(lines, 'GenesysRefusals')).toEqual({ http_503: 1 });
    expect(shapeErrors(lines)).toEqual([]);
  });
});

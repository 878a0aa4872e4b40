import type { Context } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { createHandler } from '../../functions/create-call';
import { logger } from '../../lib/telemetry/logger';
import { httpApiEvent } from '../support/api-gateway-events';
import { coldContainer, lambdaContext, observed, parseBody, startEmulator, waitUntil } from '../support/harness';

// POST /calls near the end of the Lambda's time, against the emulator over real HTTP: a retry is
// sent only when it and the time after it fit, and an invocation whose time runs out once the call
// POST may have reached Genesys answers genesys_timeout ("may have been placed"), never internal_error.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

/** A warm container (secret read, token held), so that an invocation spends its time on the call alone. */
async function warmHandler(overrides: Record<string, string>) {
  const container = coldContainer(emulator, overrides);
  const handler = createHandler(() => container);
  await handler(httpApiEvent({ to: '+1 415 555 0100' }), lambdaContext());
  emulator.reset();
  return handler;
}

describe('POST /calls near the deadline', () => {
  it("a 429 whose Retry-After and a whole attempt fit the time left, but not with the reserve after it → 429, one POST", async () => {
    // Prepare: 2.7 s left; Retry-After 1 s + an attempt of 1.5 s = 2.5 s fits, + the 250 ms reserve does not.
    const handler = await warmHandler({ GENESYS_TIMEOUT_MS: '1500' });
    emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 1 });

    // Act
    const result = observed(await handler(httpApiEvent({ to: '+1 415 555 0100' }), lambdaContext(2700)));

    // Assess
    expect({ status: result.statusCode, code: parseBody(result).code, retryAfter: result.headers?.['retry-after'] }).toEqual({
      status: 429,
      code: 'genesys_rate_limited',
      retryAfter: '1',
    });
    expect(emulator.records.callPosts).toBe(1);
  });

  it('time running out while the call POST is in flight → 504 genesys_timeout saying the call may have been placed, never internal_error', async () => {
    // Prepare: the handler reads 10 s left when it starts; the runtime's clock (read by middy right
    // after) ends the invocation 600 ms in. This stands for anything that overruns after the POST
    // was sent (a slow outcome write, a starved event loop): the call is still in flight at the end.
    const handler = await warmHandler({ GENESYS_TIMEOUT_MS: '5000' });
    emulator.inject('callsForUser', { kind: 'delay', ms: 1500 });
    const runtime = lambdaContext(600);
    let readings = 0;
    const context: Context = { ...runtime, getRemainingTimeInMillis: () => (readings++ === 0 ? 10_000 : runtime.getRemainingTimeInMillis()) };

    const logs = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')];

    // Act
    const result = observed(await handler(httpApiEvent({ to: '+1 415 555 0100' }), context));

    // Assess
    const problem = parseBody(result);
    expect({ status: result.statusCode, code: problem.code }).toEqual({ status: 504, code: 'genesys_timeout' });
    expect(problem.detail).toContain('may have been placed');
    expect(emulator.records.callPosts).toBe(1);
    // The invocation middy answered for goes on until its call POST ends, as it would in Lambda
    // until the container is frozen. Wait for its own outcome line, so that it does not log after
    // this file's teardown (jest's globals cleanup warns about a late read of awslambda.InvokeStore).
    const outcomeLines = () => logs.flatMap((spy) => spy.mock.calls).filter(([chunk]) => String(chunk).includes('"function_request_id"')).length;
    await waitUntil(() => outcomeLines() >= 2, () => `${outcomeLines()} log line(s) from the invocation`, 10_000);
    logs.forEach((spy) => spy.mockRestore());
  });
});

describe('POST /calls after the call POST', () => {
  afterEach(() => jest.restoreAllMocks());

  it("answers 201 with the conversation id when the 'call placed' log line fails to write", async () => {
    // Prepare: the one fault no local part can produce, a logger that throws, injected with a spy.
    const handler = await warmHandler({});
    jest.spyOn(logger, 'info').mockImplementationOnce(() => {
      throw new Error('log destination unavailable');
    });

    // Act
    const result = observed(await handler(httpApiEvent({ to: '+1 415 555 0100' }), lambdaContext()));

    // Assess
    expect({ status: result.statusCode, conversationId: parseBody(result).conversationId }).toEqual({
      status: 201,
      conversationId: emulator.records.callsPlaced[0].conversationId,
    });
  });

  it('answers the problem of a failed call when its log line fails to write', async () => {
    // Prepare
    const handler = await warmHandler({});
    emulator.inject('callsForUser', { kind: 'status', status: 503 });
    jest.spyOn(logger, 'error').mockImplementationOnce(() => {
      throw new Error('log destination unavailable');
    });

    // Act
    const result = observed(await handler(httpApiEvent({ to: '+1 415 555 0100' }), lambdaContext()));

    // Assess
    expect({ status: result.statusCode, code: parseBody(result).code }).toEqual({ status: 502, code: 'genesys_unavailable' });
  });
});

import type { Emulator } from '../../emulator';
import { DEMO, start } from '../../emulator';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { startLocalDynamoDB } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import type { Started } from '../support/processes';
import { leakGuard } from '../support/leak-guard';
import { freePort, run, SERVERLESS, startProcess, waitForHttp } from '../support/processes';
import { sha256Hex, signedHeaders, signedPost } from '../support/sigv4';

// End to end, as a user runs it: the real `serverless` CLI (osls) bundles the function with
// esbuild and runs it under `serverless offline` / `invoke local` on the `local` stage, wired to
// the emulator. Nothing here is called in process.

jest.setTimeout(180_000);

let emulator: Emulator;
let dynamo: LocalDynamoDB;
let sqs: LocalSqs;
beforeAll(async () => {
  emulator = await start();
  leakGuard.watch(emulator);
  dynamo = await startLocalDynamoDB();
  // The local dial queue a schedule's list goes to (the dialer does not run here).
  sqs = await startLocalSqs(0, '127.0.0.1');
});
afterAll(async () => {
  await sqs.stop();
  await dynamo.stop();
  await emulator.stop();
});
beforeEach(() => emulator.reset());

const cliEnv = () => ({ EMULATOR_PORT: String(emulator.port), DYNAMODB_PORT: String(dynamo.port), AWS_EC2_METADATA_DISABLED: 'true' });

describe('serverless offline on the local stage', () => {
  let offline: Started;
  let baseUrl: string;

  beforeAll(async () => {
    const [httpPort, lambdaPort] = [await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${httpPort}`;
    offline = startProcess(SERVERLESS, ['offline', 'start', '--stage', 'local'], {
      ...cliEnv(),
      OFFLINE_PORT: String(httpPort),
      OFFLINE_LAMBDA_PORT: String(lambdaPort),
    });
    await waitForHttp(baseUrl, 120_000, offline);
  });
  afterAll(async () => {
    await offline?.stop();
    // Its output holds the function's log lines.
    leakGuard.observe(offline?.output() ?? '');
  });

  it('answers a signed POST /calls with 201 and places exactly one call on the emulator', async () => {
    // Act
    const response = await signedPost(`${baseUrl}/calls`, JSON.stringify({ to: '(415) 555-0100', callerId: '+1 415 555 0199' }));

    // Assess
    const text = await response.text();
    leakGuard.observe(text);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect({ status: response.status, body }).toEqual({
      status: 201,
      body: {
        conversationId: emulator.records.callsPlaced[0]?.conversationId,
        selfUri: `/api/v2/conversations/calls/${emulator.records.callsPlaced[0]?.conversationId}`,
        to: '+*******0100',
        toCountry: 'US',
        callerId: '+*******0199',
        userId: DEMO.userWithStation.id,
      },
    });
    expect(response.headers.get('inin-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.records.callsPlaced.map((call) => call.body)).toEqual([{ phoneNumber: '+14155550100', callerId: '+14155550199' }]);
  });

  it.each([
    ['an unsigned request', () => fetch(`${baseUrl}/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"to": "(415) 555-0100"}' })],
    ['a request signed with a wrong secret', () => signedPost(`${baseUrl}/calls`, '{"to": "(415) 555-0100"}', { credentials: { accessKeyId: 'local', secretAccessKey: 'wrong' } })],
    ['a request signed with another key', () => signedPost(`${baseUrl}/calls`, '{"to": "(415) 555-0100"}', { credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'local' } })],
    ['a request signed for another region (eu-west-1)', () => signedPost(`${baseUrl}/calls`, '{"to": "(415) 555-0100"}', { region: 'eu-west-1' })],
    ['a request signed for another service (lambda)', () => signedPost(`${baseUrl}/calls`, '{"to": "(415) 555-0100"}', { service: 'lambda' })],
  ])('refuses %s with 403 before the function runs', async (_name, send) => {
    // Act
    const response = await send();

    // Assess
    expect(response.status).toBe(403);
    expect(emulator.records.requests).toEqual([]);
  });

  it('refuses a request whose body was changed after signing', async () => {
    // Prepare
    const headers = await signedHeaders(`${baseUrl}/calls`, '{"to": "(415) 555-0100"}');

    // Act
    const response = await fetch(`${baseUrl}/calls`, { method: 'POST', headers, body: '{"to": "+1 415 555 0199"}' });

    // Assess
    expect(response.status).toBe(403);
    expect(emulator.records.requests).toEqual([]);
  });

  it.each([
    ['UNSIGNED-PAYLOAD', () => 'UNSIGNED-PAYLOAD'],
    ['the hash of the body it was signed with', (signedBody: string) => sha256Hex(signedBody)],
  ])('refuses a changed body whose signature claims x-amz-content-sha256: %s', async (_name, claim) => {
    // Prepare
    const signedBody = '{"to": "(415) 555-0100"}';
    const headers = await signedHeaders(`${baseUrl}/calls`, signedBody, { headers: { 'x-amz-content-sha256': claim(signedBody) } });

    // Act
    const response = await fetch(`${baseUrl}/calls`, { method: 'POST', headers, body: '{"to": "+1 415 555 0199"}' });

    // Assess
    expect(response.status).toBe(403);
    expect(emulator.records.requests).toEqual([]);
  });

  it('refuses a signature claiming x-amz-content-sha256: UNSIGNED-PAYLOAD even for an unchanged body: API Gateway hashes the body', async () => {
    // Prepare
    const body = '{"to": "(415) 555-0100"}';
    const headers = await signedHeaders(`${baseUrl}/calls`, body, { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });

    // Act
    const response = await fetch(`${baseUrl}/calls`, { method: 'POST', headers, body });

    // Assess
    expect(response.status).toBe(403);
    expect(emulator.records.requests).toEqual([]);
  });

  it('lets through a request that signs the true x-amz-content-sha256 of its body, as some SDKs do', async () => {
    // Prepare: a dry run, whose answer shows the number, of a number no test here dials.
    const body = JSON.stringify({ to: '020 7946 0958', country: 'GB', dryRun: true });
    const headers = await signedHeaders(`${baseUrl}/calls`, body, { headers: { 'x-amz-content-sha256': sha256Hex(body) } });

    // Act
    const response = await fetch(`${baseUrl}/calls`, { method: 'POST', headers, body });

    // Assess
    const text = await response.text();
    leakGuard.observe(text);
    expect({ status: response.status, to: (JSON.parse(text) as { to?: string }).to }).toEqual({ status: 200, to: '+442079460958' });
    expect(emulator.records.requests).toEqual([]);
  });

  it('places one call for a request sent twice with one Idempotency-Key, answering the same twice', async () => {
    // Prepare
    const body = JSON.stringify({ to: '(415) 555-0100' });
    const send = async () => {
      const headers = { ...(await signedHeaders(`${baseUrl}/calls`, body)), 'idempotency-key': 'e2e-key-1' };
      const response = await fetch(`${baseUrl}/calls`, { method: 'POST', headers, body });
      return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: await response.text() };
    };

    // Act
    const first = await send();
    const second = await send();

    // Assess
    expect([first.status, second.status, second.body, first.replayed, second.replayed]).toEqual([201, 201, first.body, null, 'true']);
    expect(emulator.records.callPosts).toBe(1);
  });

  it('answers an invalid number with problem+json and sends nothing to Genesys', async () => {
    // Act
    const response = await signedPost(`${baseUrl}/calls`, JSON.stringify({ to: '415 555' }));

    // Assess
    expect({ status: response.status, type: response.headers.get('content-type'), body: await response.json() }).toEqual({
      status: 422,
      type: 'application/problem+json',
      body: {
        type: 'urn:genesys-outbound-call:problem:invalid_phone_number',
        title: 'Not a valid phone number',
        status: 422,
        detail: 'to is too short (read with country US); if this is not a US number, pass country.',
        code: 'invalid_phone_number',
        field: 'to',
        reason: 'TOO_SHORT',
      },
    });
    expect(emulator.records.requests).toEqual([]);
  });

  it('lists a number through the signed suppression routes, refuses POST /calls to it before Genesys, and calls it once removed', async () => {
    // Prepare: a number of its own, which only the routes see (the leak guard learns it here).
    const number = '+14155550177';
    leakGuard.canary(number);
    leakGuard.canary(number.slice(1));
    const post = async (path: string, body: unknown) => {
      const response = await signedPost(`${baseUrl}${path}`, JSON.stringify(body));
      const text = await response.text();
      leakGuard.observe(text);
      return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
    };

    // Act
    const added = await post('/suppressions', { numbers: [{ to: '(415) 555-0177', reason: 'asked not to be called' }] });
    const checked = await post('/suppressions/check', { to: number });
    const refused = await post('/calls', { to: number });
    const postsWhileListed = emulator.records.callPosts;
    const removed = await post('/suppressions/remove', { numbers: [{ to: number }] });
    const placed = await post('/calls', { to: number });

    // Assess
    expect({ added: added.body.added, checked: checked.body.suppressed, refused: [refused.status, refused.body.code], postsWhileListed, removed: removed.body.removed, placed: placed.status }).toEqual({
      added: 1,
      checked: true,
      refused: [422, 'destination_suppressed'],
      postsWhileListed: 0,
      removed: 1,
      placed: 201,
    });
  });
});

describe('serverless invoke local on the local stage', () => {
  it.each([
    ['http-api-call', 201],
    ['rest-api-call', 201],
    ['http-api-dry-run', 200],
    ['http-api-country-not-allowed', 422],
  ])('runs events/%s.json and answers %i', async (name, status) => {
    // Act
    const { code, stdout, stderr } = await run(
      SERVERLESS,
      ['invoke', 'local', '-f', 'createCall', '--stage', 'local', '--path', `events/${name}.json`],
      cliEnv(),
      90_000,
    );

    // Assess
    leakGuard.observe(stdout + stderr);
    expect({ code, stderr: stderr.includes('Error:') ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    // The function's own log lines come first; the invocation result is the last JSON document.
    const result = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{\n') + 1)) as { statusCode: number };
    expect(result.statusCode).toBe(status);
    expect(emulator.records.callsPlaced).toHaveLength(status === 201 ? 1 : 0);
  });

  it.each([
    ['scheduled-transformed-input', { total: 2, queued: 2, dryRun: 0, failed: 0 }],
    ['scheduled-constant-input', { total: 2, queued: 2, dryRun: 0, failed: 0 }],
    ['scheduled-event', { total: 3, queued: 1, dryRun: 1, failed: 1 }],
  ])('runs scheduledCalls with events/%s.json: its list becomes a batch on the local dial queue, every item accounted for', async (name, counts) => {
    // Act
    const { code, stdout, stderr } = await run(
      SERVERLESS,
      ['invoke', 'local', '-f', 'scheduledCalls', '--stage', 'local', '--path', `events/${name}.json`],
      { ...cliEnv(), SQS_PORT: String(sqs.port) },
      90_000,
    );

    // Assess
    leakGuard.observe(stdout + stderr);
    expect({ code, stderr: stderr.includes('Error:') ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{\n') + 1)) as { batchId: string; total: number; queued: number; dryRun: number; failed: unknown[]; progress: string };
    expect({ total: result.total, queued: result.queued, dryRun: result.dryRun, failed: result.failed.length }).toEqual(counts);
    expect(result.progress).toBe(`/batches/${result.batchId}`);
    // It returns once the list is queued: the dialer (not running here) places the calls.
    expect(emulator.records.callsPlaced).toHaveLength(0);
  });

});

import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DEMO } from '../../emulator';
import { parseCallInput } from '../../lib/calls/call-input';
import { loadConfig } from '../../lib/config';
import { FINGERPRINT_PURPOSE, canonicalJson, legacyFingerprint } from '../../lib/idempotency/fingerprint';
import { RunOnce } from '../../lib/idempotency/run-once';
import { prepareCall } from '../../lib/calls/place-call';
import type { Emulator } from '../../emulator';
import { createHandler } from '../../functions/create-call';
import { httpApiEvent } from '../support/api-gateway-events';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, emulatorEnv, lambdaContext, observed, parseBody } from '../support/harness';
import { answerErrors } from '../support/openapi';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { CALLS_TABLE, IDEMPOTENCY_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import type { HungServer } from '../support/hung-server';
import { startHungServer } from '../support/hung-server';
import type { CountingProxy } from '../support/counting-proxy';
import { startCountingProxy } from '../support/counting-proxy';

// POST /calls with an Idempotency-Key, against the Genesys emulator and a real DynamoDB
// implementation (dynalite) over HTTP, through Powertools' Idempotency utility and the AWS SDK.

let emulator: Emulator;
let dynamo: LocalDynamoDB;
let stopAll: () => Promise<void>;
beforeAll(async () => ({ emulator, dynamo, stop: stopAll } = await startEmulatorAndDynamo()));
afterAll(() => stopAll());
beforeEach(() => emulator.reset());

function containerOf(overrides: Record<string, string> = {}) {
  const container = coldContainer(emulator, { IDEMPOTENCY_TABLE, ...overrides });
  const handler = createHandler(() => container);
  return async (body: unknown, key?: string): Promise<APIGatewayProxyResult> => {
    const answer = observed(await handler(httpApiEvent(body, key ? { 'Idempotency-Key': key } : {}), lambdaContext()));
    // Every answer, replays included, is one openapi.yaml documents.
    expect(answerErrors('POST /calls', answer)).toEqual([]);
    return answer;
  };
}

const newKey = () => crypto.randomUUID();

describe('POST /calls with an Idempotency-Key', () => {
  it('places one call for the same request sent 3 times and answers the same each time', async () => {
    // Prepare
    const invoke = containerOf();
    const key = newKey();

    // Act
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await invoke({ to: '(415) 555-0100' }, key));

    // Assess
    expect(answers.map((answer) => [answer.statusCode, answer.body])).toEqual(Array(3).fill([201, answers[0].body]));
    expect(answers.map((answer) => answer.headers?.['idempotent-replayed'])).toEqual([undefined, 'true', 'true']);
    expect({ callPosts: emulator.records.callPosts, tokenRequests: emulator.records.tokenRequests }).toEqual({ callPosts: 1, tokenRequests: 1 });
  });

  it("replays from another container without a token request or a call (the store, not memory, remembers); the stack's hash key is read for the fingerprint", async () => {
    // Prepare
    const key = newKey();
    const first = await containerOf()({ to: '+14155550100' }, key);

    // Act
    const second = await containerOf()({ to: '+14155550100' }, key);

    // Assess
    expect(second.body).toBe(first.body);
    // The first container read the OAuth client and the hash key; the second only the hash key.
    expect({ callPosts: emulator.records.callPosts, tokenRequests: emulator.records.tokenRequests, secretReads: emulator.records.secretReads }).toEqual({
      callPosts: 1,
      tokenRequests: 1,
      secretReads: 3,
    });
  });

  it("replays a retry made after the OAuth client secret was rotated (issue 19's repro): the fingerprint is keyed by the stack's hash key, which no rotation touches", async () => {
    // Prepare: container A places the call with key order-42; then the OAuth client's secret rotates.
    const key = `order-42-${newKey()}`;
    const first = await containerOf()({ to: '+14155550100' }, key);
    emulator.rotateClientSecret();

    // Act: container B, cold, reads the new secret and gets the same key and body.
    const retry = await containerOf()({ to: '+14155550100' }, key);

    // Assess: before, 422 idempotency_key_reused "… No call was placed", and a client sending a new key dialled twice.
    expect({ status: retry.statusCode, body: retry.body, replayed: retry.headers?.['idempotent-replayed'] }).toEqual({
      status: 201,
      body: first.body,
      replayed: 'true',
    });
    expect(emulator.records.callPosts).toBe(1);
  });

  it('replays a record written before the upgrade (its fingerprint keyed by the OAuth client secret) for the same request: the migration', async () => {
    // Prepare: a container of the previous version, whose fingerprints were keyed by the OAuth client secret.
    const key = newKey();
    const previous = coldContainer(emulator, { IDEMPOTENCY_TABLE });
    const oldVersion = createHandler(() => ({
      ...previous,
      runOnce: new RunOnce(previous.config.idempotency, { current: async (request) => legacyFingerprint(DEMO.clientSecret, request) }),
    }));
    const first = observed(await oldVersion(httpApiEvent({ to: '+14155550100' }, { 'Idempotency-Key': key }), lambdaContext()));

    // Act: the upgraded function gets the retry.
    const retry = await containerOf()({ to: '+14155550100' }, key);

    // Assess
    expect({ status: retry.statusCode, body: retry.body }).toEqual({ status: 201, body: first.body });
    expect(emulator.records.callPosts).toBe(1);
  });

  it('refuses another request under a record written before the upgrade: 422, no second call', async () => {
    // Prepare
    const key = newKey();
    const previous = coldContainer(emulator, { IDEMPOTENCY_TABLE });
    const oldVersion = createHandler(() => ({
      ...previous,
      runOnce: new RunOnce(previous.config.idempotency, { current: async (request) => legacyFingerprint(DEMO.clientSecret, request) }),
    }));
    observed(await oldVersion(httpApiEvent({ to: '+14155550100' }, { 'Idempotency-Key': key }), lambdaContext()));

    // Act
    const other = await containerOf()({ to: '+14155550199' }, key);

    // Assess
    expect({ status: other.statusCode, code: parseBody(other).code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(emulator.records.callPosts).toBe(1);
  });

  it("fails closed without the stack's hash key (HASH_KEY_SECRET_ID unset): 500 configuration_error naming it, and no call", async () => {
    // Prepare
    const invoke = containerOf({ HASH_KEY_SECRET_ID: '' });

    // Act
    const answer = await invoke({ to: '+14155550100' }, newKey());

    // Assess
    expect({ status: answer.statusCode, code: parseBody(answer).code, variable: parseBody(answer).variable }).toEqual({
      status: 500,
      code: 'configuration_error',
      variable: 'HASH_KEY_SECRET_ID',
    });
    expect(emulator.records.callPosts).toBe(0);
  });

  it("answers 500 hash_key_unavailable, and places no call, when the stack's hash key cannot be read", async () => {
    // Prepare
    emulator.deleteSecret(DEMO.hashKeySecretId);

    // Act
    const answer = await containerOf()({ to: '+14155550100' }, newKey());

    // Assess
    expect({ status: answer.statusCode, code: parseBody(answer).code }).toEqual({ status: 500, code: 'hash_key_unavailable' });
    expect(String(parseBody(answer).detail)).toContain('ResourceNotFoundException');
    expect(emulator.records.callPosts).toBe(0);
  });

  it('treats another spelling of the same number as the same request', async () => {
    // Prepare
    const invoke = containerOf();
    const key = newKey();
    await invoke({ to: '(415) 555-0100' }, key);

    // Act
    const second = await invoke({ to: '+1 415 555 0100' }, key);

    // Assess
    expect(second.statusCode).toBe(201);
    expect(emulator.records.callPosts).toBe(1);
  });

  it('refuses the same key with another body: 422 idempotency_key_reused, no call', async () => {
    // Prepare
    const invoke = containerOf();
    const key = newKey();
    await invoke({ to: '+14155550100' }, key);

    // Act
    const second = await invoke({ to: '+14155550199' }, key);

    // Assess: it says this request was not sent, and that the key's earlier one may have placed its call.
    expect({ status: second.statusCode, code: parseBody(second).code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(String(parseBody(second).detail)).not.toMatch(/no call was placed/i);
    expect(String(parseBody(second).detail)).toContain('may have placed its call');
    expect(emulator.records.callPosts).toBe(1);
  });

  it('places one call for 10 concurrent requests with one key; the others get 409 or the first outcome', async () => {
    // Prepare
    const invoke = containerOf();
    const key = newKey();
    emulator.inject('callsForUser', { kind: 'delay', ms: 300 });

    // Act
    const answers = await Promise.all(Array.from({ length: 10 }, () => invoke({ to: '+14155550100' }, key)));

    // Assess
    const placed = answers.filter((answer) => answer.statusCode === 201);
    const inProgress = answers.filter((answer) => answer.statusCode === 409);
    expect(placed.length + inProgress.length).toBe(10);
    expect(new Set(placed.map((answer) => answer.body)).size).toBe(1);
    expect(inProgress.every((answer) => parseBody(answer).code === 'request_in_progress')).toBe(true);
    expect(emulator.records.callPosts).toBe(1);
  });

  it('remembers an outcome where the call may have been placed (a 5xx): a retry gets it again, no second POST', async () => {
    // Prepare
    const invoke = containerOf();
    const key = newKey();
    emulator.inject('callsForUser', { kind: 'status', status: 503 });
    const first = await invoke({ to: '+14155550100' }, key);

    // Act
    const retry = await invoke({ to: '+14155550100' }, key);

    // Assess
    expect([first.statusCode, retry.statusCode]).toEqual([502, 502]);
    expect(retry.body).toBe(first.body);
    expect(emulator.records.callPosts).toBe(1);
  });

  it('forgets an outcome where nothing was placed (rate-limited): a retry with the same key places the call', async () => {
    // Prepare
    const invoke = containerOf();
    const key = newKey();
    emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 60 });
    const first = await invoke({ to: '+14155550100' }, key);

    // Act
    const retry = await invoke({ to: '+14155550100' }, key);

    // Assess
    expect([first.statusCode, retry.statusCode]).toEqual([429, 201]);
    expect(emulator.records.callsPlaced).toHaveLength(1);
  });

  it("forgets an outcome Genesys says placed nothing (the station's Edge, 500 providerapi.error.*): a retry with the same key places the call once it is fixed", async () => {
    // Prepare
    const invoke = containerOf();
    const key = newKey();
    emulator.inject('callsForUser', { kind: 'status', status: 500, code: 'providerapi.error.station.no.active.edge' });
    const first = await invoke({ to: '+14155550100' }, key);

    // Act
    const retry = await invoke({ to: '+14155550100' }, key);

    // Assess
    expect([first.statusCode, parseBody(first).code, retry.statusCode]).toEqual([502, 'genesys_unavailable', 201]);
    expect(emulator.records.callsPlaced).toHaveLength(1);
  });

  it('places a new call with the same key once the window has passed', async () => {
    // Prepare
    const invoke = containerOf({ IDEMPOTENCY_WINDOW_SECONDS: '1' });
    const key = newKey();
    await invoke({ to: '+14155550100' }, key);
    await new Promise((resolve) => setTimeout(resolve, 2100));

    // Act
    const later = await invoke({ to: '+14155550100' }, key);

    // Assess
    expect(later.headers?.['idempotent-replayed']).toBeUndefined();
    expect(emulator.records.callsPlaced).toHaveLength(2);
  });

  it('keeps a key whose request died mid-call in progress: a retry after a crash gets 409, never a second call', async () => {
    // Prepare: the first invocation "crashes" while its call is in flight (its work never returns),
    // with a Lambda context that ran out long ago.
    const container = coldContainer(emulator, { IDEMPOTENCY_TABLE });
    const key = { key: newKey(), fingerprint: { to: '+14155550100' } };
    void container.runOnce.run(key, () => new Promise<never>(() => undefined), Date.now() + 28_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    let ran = false;
    const retry = await container.runOnce
      .run(key, async () => {
        ran = true;
        return { value: 'placed again', remember: true };
      }, Date.now() + 28_000)
      .catch((error: Error & { code?: string }) => error.code);

    // Assess
    expect({ retry, ran }).toEqual({ retry: 'request_in_progress', ran: false });
  });

  it('behaves as before without the header: every request places a call', async () => {
    // Prepare
    const invoke = containerOf();

    // Act
    await invoke({ to: '+14155550100' });
    await invoke({ to: '+14155550100' });

    // Assess
    expect(emulator.records.callsPlaced).toHaveLength(2);
  });

  it('refuses a malformed key with 400 invalid_request naming the header', async () => {
    // Prepare
    const invoke = containerOf();

    // Act
    const answer = await invoke({ to: '+14155550100' }, 'has spaces in it');

    // Assess
    expect({ status: answer.statusCode, body: parseBody(answer) }).toMatchObject({ status: 400, body: { code: 'invalid_request', field: 'Idempotency-Key' } });
    expect(emulator.records.requests).toEqual([]);
  });

  it('fails closed without an idempotency table: 503 and no call', async () => {
    // Prepare
    const container = coldContainer(emulator);
    const handler = createHandler(() => container);

    // Act
    const answer = observed(await handler(httpApiEvent({ to: '+14155550100' }, { 'Idempotency-Key': newKey() }), lambdaContext()));

    // Assess
    expect({ status: answer.statusCode, code: parseBody(answer).code }).toEqual({ status: 503, code: 'idempotency_store_unavailable' });
    expect(answerErrors('POST /calls', answer)).toEqual([]);
    expect(emulator.records.requests).toEqual([]);
  });
});

describe('POST /calls with an Idempotency-Key and call records (CALLS_TABLE)', () => {
  let proxy: CountingProxy;
  let previous: string | undefined;
  beforeEach(async () => {
    proxy = await startCountingProxy(dynamo.url);
    previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
  });
  afterEach(async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    await proxy.stop();
  });

  it('writes the call record on the connection the idempotency store opened: one connection to DynamoDB for the whole call', async () => {
    // Prepare
    const container = coldContainer(emulator, { IDEMPOTENCY_TABLE, CALLS_TABLE });
    const handler = createHandler(() => container);

    // Act
    const answer = observed(await handler(httpApiEvent({ to: '+14155550100' }, { 'Idempotency-Key': newKey() }), lambdaContext()));

    // Assess
    expect(answer.statusCode).toBe(201);
    const { conversationId } = parseBody(answer) as { conversationId: string };
    expect(await container.calls.get(conversationId, Date.now() + 5000)).toMatchObject({ conversationId, to: '+*******0100', version: 1 });
    expect(proxy.connections()).toBe(1);
  });
});

describe('what an idempotency record holds', () => {
  /** Every record in the table, as anyone with read access to it (or to a backup or export) sees it. */
  async function storedRecords(): Promise<Array<Record<string, unknown>>> {
    const client = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: IDEMPOTENCY_TABLE }));
      return Items.map((item) => unmarshall(item));
    } finally {
      client.destroy();
    }
  }

  /** The unkeyed hash of a request as Powertools makes it: MD5 of the JSON with its keys sorted. */
  const unkeyedHash = (sortedJson: string) => createHash('md5').update(sortedJson).digest('base64');

  function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
  }

  it('lets nobody recover the number from it: a brute force over the masked digits, with the request shape known, finds none', async () => {
    // Prepare
    const body = { to: '+1 415 555 0142', label: 'renewals' };
    const answer = parseBody(await containerOf()(body, newKey()));
    const [record] = (await storedRecords()).filter((item) => JSON.stringify(item.data ?? null).includes(String(answer.conversationId)));
    // The attacker knows the code, so the request's shape: only the number is unknown.
    const request = prepareCall(parseCallInput(body), loadConfig(emulatorEnv(emulator))).request;
    const shape = JSON.stringify(sortKeys(request)).replace('+14155550142', '%NUMBER%');

    // Act: the masked number (+*******0142, US) leaves 6 digits unknown: a million candidates.
    const found: string[] = [];
    for (let middle = 0; middle < 1_000_000; middle += 1) {
      const candidate = `+1${String(middle).padStart(6, '0')}0142`;
      if (unkeyedHash(shape.replace('%NUMBER%', candidate)) === record.validation) found.push(candidate);
    }

    // Assess
    expect(JSON.stringify(record.data)).toContain('+*******0142');
    expect(found).toEqual([]);
    expect(Object.keys(record).sort()).toEqual(['data', 'expiration', 'id', 'in_progress_expiration', 'status', 'validation'].sort());
    expect(JSON.stringify(record)).not.toContain('4155550142');
  }, 120_000);

  it("holds a validation hash that only the stack's hash key reproduces (not the OAuth client secret's key of version 1)", async () => {
    // Prepare
    const body = { to: '+1 415 555 0143' };
    const answer = parseBody(await containerOf()(body, newKey()));
    const [record] = (await storedRecords()).filter((item) => JSON.stringify(item.data ?? null).includes(String(answer.conversationId)));
    const request = prepareCall(parseCallInput(body), loadConfig(emulatorEnv(emulator))).request;
    const powertoolsHash = (value: unknown) => createHash('md5').update(JSON.stringify(value)).digest('base64');

    // The scheme written out independently: HKDF-SHA256 of the key for the purpose, then HMAC-SHA256.
    const stackKey = Buffer.from(hkdfSync('sha256', DEMO.hashKey, Buffer.alloc(0), FINGERPRINT_PURPOSE, 32));

    // Act
    const withTheKey = powertoolsHash(createHmac('sha256', stackKey).update(canonicalJson(request)).digest('base64url'));
    const withTheOAuthSecret = powertoolsHash(legacyFingerprint(DEMO.clientSecret, request));

    // Assess
    expect(record.validation).toBe(withTheKey);
    expect(record.validation).not.toBe(withTheOAuthSecret);
  });
});

describe('POST /calls with the idempotency store down', () => {
  it('answers 503 idempotency_store_unavailable and places no call', async () => {
    // Prepare
    const stoppedStore = await startLocalDynamoDB();
    await stoppedStore.stop();
    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = stoppedStore.url;
    const invoke = containerOf();

    // Act
    const answer = await invoke({ to: '+14155550100' }, newKey());
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;

    // Assess
    expect({ status: answer.statusCode, code: parseBody(answer).code }).toEqual({ status: 503, code: 'idempotency_store_unavailable' });
    expect(emulator.records.callPosts).toBe(0);
  });
});

describe('with a hung idempotency store (accepts the connection, never answers)', () => {
  // The contract is "within about 3 s"; the bound is generous for a loaded machine. Without a
  // bound of its own the store would hold the invocation until the Lambda's deadline (28 s here).
  const ANSWER_WITHIN_MS = 6000;
  let hung: HungServer;
  let previous: string | undefined;
  beforeEach(async () => {
    hung = await startHungServer();
    previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = hung.url;
  });
  afterEach(async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    await hung.stop();
  });

  it('POST /calls answers 503 idempotency_store_unavailable within seconds and places no call', async () => {
    // Prepare
    const invoke = containerOf();
    const startedAt = Date.now();

    // Act
    const answer = await invoke({ to: '+14155550100' }, newKey());

    // Assess
    const tookMs = Date.now() - startedAt;
    expect({ status: answer.statusCode, code: parseBody(answer).code }).toEqual({ status: 503, code: 'idempotency_store_unavailable' });
    expect(tookMs).toBeLessThan(ANSWER_WITHIN_MS);
    expect(hung.connections()).toBeGreaterThan(0);
    expect(emulator.records.callPosts).toBe(0);
  }, 40_000);
});

import type { APIGatewayProxyResult } from 'aws-lambda';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as addHandler } from '../../functions/add-suppressions';
import { createHandler as removeHandler } from '../../functions/remove-suppressions';
import { createHandler as checkHandler } from '../../functions/check-suppression';
import { CALLS_TABLE, IDEMPOTENCY_TABLE, SUPPRESSIONS_TABLE } from '../../emulator/local-dynamodb';
import { httpApiEvent, httpApiPostEvent, signedBy } from '../support/api-gateway-events';
import { captureEmf, totalsByCode } from '../support/emf';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { callsSettled, coldContainer, lambdaContext, observed, parseBody } from '../support/harness';
import { leakGuard } from '../support/leak-guard';
import { answerErrors } from '../support/openapi';

// Every handler runs in this process against the emulator (Genesys, Secrets Manager: the stack's
// hash key) and a real DynamoDB implementation (dynalite) over HTTP, through the real ky and AWS SDK
// clients: the suppression routes and POST /calls (and its dry run). Only the Lambda context object is
// built by hand. (A schedule's list and batches: test/integration/suppression-queue.test.ts.)

let local: EmulatorAndDynamo;
beforeAll(async () => {
  local = await startEmulatorAndDynamo();
});
afterAll(() => local.stop());
beforeEach(() => local.emulator.reset());
afterEach(() => callsSettled(local.emulator));

const TABLES = { SUPPRESSIONS_TABLE, CALLS_TABLE, IDEMPOTENCY_TABLE };

let used = 0;
/**
 * A number no other test of the file has used (the tables live as long as the file), as people
 * write it, and its E.164 form. Each is a canary for the leak guard: routes never hand a number to
 * the emulator, so the guard learns them here.
 */
function freshNumber(): { written: string; e164: string } {
  used += 1;
  const last = String(used).padStart(4, '0');
  const e164 = `+1415555${last}`;
  leakGuard.canary(e164);
  leakGuard.canary(e164.slice(1));
  leakGuard.canary(e164.slice(2));
  return { written: `(415) 555-${last}`, e164 };
}

/** One container per deployment setting (cold, then warm), and every handler on it, answers handed to the leak guard. */
function stackOf(overrides: Record<string, string | undefined> = {}) {
  const container = coldContainer(local.emulator, { ...TABLES, ...overrides });
  const handlers = {
    add: addHandler(() => container),
    remove: removeHandler(() => container),
    check: checkHandler(() => container),
    call: createCallHandler(() => container),
  };
  // Every answer is handed to the leak guard and held against openapi.yaml.
  const documented = (route: string, result: APIGatewayProxyResult) => {
    expect(answerErrors(route, result)).toEqual([]);
    return observed(result);
  };
  return {
    add: async (body: unknown) => documented('POST /suppressions', await handlers.add(httpApiPostEvent('/suppressions', body), lambdaContext())),
    remove: async (body: unknown) => documented('POST /suppressions/remove', await handlers.remove(httpApiPostEvent('/suppressions/remove', body), lambdaContext())),
    check: async (body: unknown, principal?: string) => {
      const event = httpApiPostEvent('/suppressions/check', body);
      return documented('POST /suppressions/check', await handlers.check(principal ? signedBy(event, principal) : event, lambdaContext()));
    },
    addAs: async (principal: string, body: unknown) => documented('POST /suppressions', await handlers.add(signedBy(httpApiPostEvent('/suppressions', body), principal), lambdaContext())),
    call: async (body: unknown, headers: Record<string, string> = {}) => documented('POST /calls', await handlers.call(httpApiEvent(body, headers), lambdaContext())),
  };
}

function problemOf(result: APIGatewayProxyResult): { status: number; code: unknown } {
  return { status: result.statusCode, code: parseBody(result).code };
}

describe('the suppression routes', () => {
  it('list numbers answered per index: added, replaced, duplicate, failed with the code POST /calls would give', async () => {
    // Prepare
    const stack = stackOf();
    const [a, b, c] = [freshNumber(), freshNumber(), freshNumber()];
    await stack.add({ numbers: [{ to: b.e164 }] });

    // Act
    const result = await stack.add({
      numbers: [{ to: a.written, reason: 'asked not to be called' }, { to: b.written }, { to: a.e164 }, { to: '415 555' }, { to: c.e164, expiresAt: '2099-01-01T00:00:00Z' }],
    });

    // Assess
    expect({ status: result.statusCode, body: parseBody(result) }).toEqual({
      status: 200,
      body: {
        total: 5,
        added: 1,
        replaced: 1,
        already_listed: 0,
        duplicate: 1,
        failed: 2,
        results: [
          { index: 0, status: 'added', to: `+*******${a.e164.slice(-4)}` },
          { index: 1, status: 'replaced', to: `+*******${b.e164.slice(-4)}` },
          { index: 2, status: 'duplicate', to: `+*******${a.e164.slice(-4)}`, duplicateOf: 0 },
          { index: 3, status: 'failed', code: 'invalid_phone_number', detail: expect.stringContaining('to is too short'), field: 'to' },
          { index: 4, status: 'failed', code: 'invalid_request', detail: expect.stringContaining('at most 10 years ahead'), field: 'expiresAt' },
        ],
      },
    });
  });

  it('never weaken a listing by listing again: only a removal lifts it', async () => {
    // Prepare
    const stack = stackOf();
    const [forGood, untilLater] = [freshNumber(), freshNumber()];
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await stack.add({ numbers: [{ to: forGood.e164 }, { to: untilLater.e164, expiresAt: soon }] });

    // Act
    const again = parseBody(await stack.add({ numbers: [{ to: forGood.e164, expiresAt: soon }, { to: untilLater.e164, expiresAt: later }] }));
    const shorter = parseBody(await stack.add({ numbers: [{ to: untilLater.e164, expiresAt: soon }] }));
    const checks = [parseBody(await stack.check({ to: forGood.e164 })), parseBody(await stack.check({ to: untilLater.e164 }))];

    // Assess
    expect((again.results as Array<{ status: string }>).map((result) => result.status)).toEqual(['already_listed', 'replaced']);
    expect((shorter.results as Array<{ status: string }>).map((result) => result.status)).toEqual(['already_listed']);
    expect(checks.map((check) => check.expiresAt)).toEqual([undefined, later]);
  });

  it('answer whether a number is listed to every caller, and why and since when only to the principal that listed it', async () => {
    // Prepare
    const stack = stackOf();
    const number = freshNumber();
    await stack.addAs('arn:aws:iam::123456789012:role/crm', { numbers: [{ to: number.e164, reason: 'complaint' }] });

    // Act
    const owner = parseBody(await stack.check({ to: number.e164 }, 'arn:aws:iam::123456789012:role/crm'));
    const other = parseBody(await stack.check({ to: number.e164 }, 'arn:aws:iam::123456789012:role/marketing'));
    const openToAccount = parseBody(
      await (async () => {
        const open = stackOf({ CALL_READ_ACCESS: 'account' });
        return open.check({ to: number.e164 }, 'arn:aws:iam::123456789012:role/marketing');
      })(),
    );

    // Assess
    expect({ owner: owner.reason, other, openToAccount: openToAccount.reason }).toEqual({
      owner: 'complaint',
      other: { suppressed: true, to: `+*******${number.e164.slice(-4)}` },
      openToAccount: 'complaint',
    });
  });

  it('answer a check with since when, why and until when, and a removal per index', async () => {
    // Prepare
    const stack = stackOf();
    const [listed, never] = [freshNumber(), freshNumber()];
    const before = Date.now();
    await stack.add({ numbers: [{ to: listed.e164, reason: 'wrong number; the right one is 415 555 0000', expiresAt: '2030-06-01T09:00:00+02:00' }] });

    // Act
    const checked = parseBody(await stack.check({ to: listed.written }));
    const removed = parseBody(await stack.remove({ numbers: [{ to: listed.written }, { to: never.e164 }] }));
    const afterRemoval = parseBody(await stack.check({ to: listed.e164 }));

    // Assess
    expect(checked).toEqual({
      suppressed: true,
      to: `+*******${listed.e164.slice(-4)}`,
      addedAt: expect.any(String),
      reason: 'wrong number; the right one is *** *** 0000',
      expiresAt: '2030-06-01T07:00:00.000Z',
    });
    expect(Date.parse(String(checked.addedAt))).toBeGreaterThanOrEqual(before - 1000);
    expect(removed).toEqual({
      total: 2,
      removed: 1,
      not_listed: 1,
      duplicate: 0,
      failed: 0,
      results: [
        { index: 0, status: 'removed', to: `+*******${listed.e164.slice(-4)}` },
        { index: 1, status: 'not_listed', to: `+*******${never.e164.slice(-4)}` },
      ],
    });
    expect(afterRemoval).toEqual({ suppressed: false, to: `+*******${listed.e164.slice(-4)}` });
  });

  it('take 1,000 items in one request, and write each number once however often and however it is written', async () => {
    // Prepare: 250 numbers, each written four ways (dynalite takes several ms a write: 250 keep the test short).
    const stack = stackOf();
    const numbers = Array.from({ length: 250 }, () => freshNumber());
    const spellings = (number: { written: string; e164: string }) => [{ to: number.e164 }, { to: number.written }, { to: `tel:${number.e164}` }, { to: number.written.replace(/\D/g, ''), country: 'US' }];
    const items = numbers.flatMap(spellings);

    // Act
    const body = parseBody(await stack.add({ numbers: items }));

    // Assess
    const results = body.results as Array<{ index: number; status: string; duplicateOf?: number }>;
    expect({ total: body.total, added: body.added, duplicate: body.duplicate, failed: body.failed }).toEqual({ total: 1000, added: 250, duplicate: 750, failed: 0 });
    expect(results.map((result) => result.index)).toEqual(items.map((_, index) => index));
    expect(results.filter((result) => result.status === 'duplicate').every((result) => result.duplicateOf === result.index - (result.index % 4))).toBe(true);
  });

  it.each([
    ['a body that is not JSON', '{"numbers": [', 400, 'invalid_json'],
    ['no list', { to: '+14155550100' }, 400, 'invalid_request'],
    ['1,001 numbers', { numbers: Array.from({ length: 1001 }, () => ({ to: '+14155550100' })) }, 400, 'invalid_request'],
    ['a body over 512 KiB', { numbers: [{ to: '+14155550100', reason: 'x'.repeat(600 * 1024) }] }, 413, 'request_too_large'],
  ])('refuse %s whole, writing nothing', async (_case, body, status, code) => {
    // Prepare
    const stack = stackOf();

    // Act
    const result = await stack.add(body);

    // Assess
    expect(problemOf(result)).toEqual({ status, code });
    expect(result.headers?.['content-type']).toBe('application/problem+json');
  });

  it('answer 500 configuration_error naming SUPPRESSIONS_TABLE on a deployment without one', async () => {
    // Prepare
    const stack = stackOf({ SUPPRESSIONS_TABLE: undefined });

    // Act
    const results = [await stack.add({ numbers: [{ to: '+14155550100' }] }), await stack.check({ to: '+14155550100' })];

    // Assess
    expect(results.map((result) => ({ ...problemOf(result), variable: parseBody(result).variable }))).toEqual([
      { status: 500, code: 'configuration_error', variable: 'SUPPRESSIONS_TABLE' },
      { status: 500, code: 'configuration_error', variable: 'SUPPRESSIONS_TABLE' },
    ]);
  });
});

describe('POST /calls with a suppression list', () => {
  it('refuses a listed number, however it is written, with 422 destination_suppressed before any Genesys request, and counts it', async () => {
    // Prepare
    const stack = stackOf();
    const listed = freshNumber();
    await stack.add({ numbers: [{ to: listed.e164 }] });

    // Act
    const { result, lines } = await captureEmf(() => stack.call({ to: listed.written }));

    // Assess
    expect({ ...problemOf(result), field: parseBody(result).field }).toEqual({ status: 422, code: 'destination_suppressed', field: 'to' });
    expect(local.emulator.records.requests.filter((request) => request.endpoint !== 'getSecretValue')).toEqual([]);
    expect(totalsByCode(lines, 'RequestsRefused')).toEqual({ destination_suppressed: 1 });
  });

  it('says so on a dry run too', async () => {
    // Prepare
    const stack = stackOf();
    const listed = freshNumber();
    await stack.add({ numbers: [{ to: listed.e164 }] });

    // Act
    const result = await stack.call({ to: listed.e164, dryRun: true });

    // Assess
    expect(problemOf(result)).toEqual({ status: 422, code: 'destination_suppressed' });
  });

  it('places the call once the number is removed, and when its expiry has passed', async () => {
    // Prepare
    const stack = stackOf();
    const [removed, expiring] = [freshNumber(), freshNumber()];
    await stack.add({ numbers: [{ to: removed.e164 }, { to: expiring.e164, expiresAt: new Date(Date.now() + 1500).toISOString() }] });
    const whileListed = await stack.call({ to: expiring.e164 });

    // Act
    await stack.remove({ numbers: [{ to: removed.written }] });
    const afterRemoval = await stack.call({ to: removed.e164 });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const afterExpiry = await stack.call({ to: expiring.e164 });

    // Assess
    expect({ whileListed: problemOf(whileListed).code, afterRemoval: afterRemoval.statusCode, afterExpiry: afterExpiry.statusCode }).toEqual({
      whileListed: 'destination_suppressed',
      afterRemoval: 201,
      afterExpiry: 201,
    });
    expect(local.emulator.records.callsPlaced.map((call) => call.body.phoneNumber)).toEqual([removed.e164, expiring.e164]);
  });

  it('replays a keyed retry of a call placed before its number was listed, and refuses a new request to it', async () => {
    // Prepare
    const stack = stackOf();
    const number = freshNumber();
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const first = await stack.call({ to: number.e164 }, key);
    await stack.add({ numbers: [{ to: number.e164 }] });

    // Act
    const retry = await stack.call({ to: number.e164 }, key);
    const another = await stack.call({ to: number.e164 }, { 'Idempotency-Key': crypto.randomUUID() });

    // Assess
    expect({ retry: retry.statusCode, replayed: retry.headers?.['idempotent-replayed'], body: retry.body, another: problemOf(another).code, posts: local.emulator.records.callPosts }).toEqual({
      retry: 201,
      replayed: 'true',
      body: first.body,
      another: 'destination_suppressed',
      posts: 1,
    });
  });

  it('does not remember a refusal: the same Idempotency-Key places the call once the number is removed', async () => {
    // Prepare
    const stack = stackOf();
    const number = freshNumber();
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    await stack.add({ numbers: [{ to: number.e164 }] });
    const refused = await stack.call({ to: number.e164 }, key);
    await stack.remove({ numbers: [{ to: number.e164 }] });

    // Act
    const retry = await stack.call({ to: number.e164 }, key);

    // Assess
    expect({ refused: problemOf(refused).code, retry: retry.statusCode, replayed: retry.headers?.['idempotent-replayed'] }).toEqual({
      refused: 'destination_suppressed',
      retry: 201,
      replayed: undefined,
    });
  });

  it('refuses with 503 suppression_list_unavailable, placing nothing, when the list cannot be read', async () => {
    // Prepare
    const stack = stackOf({ SUPPRESSIONS_TABLE: 'no-such-table' });

    // Act
    const result = await stack.call({ to: freshNumber().e164 });

    // Assess
    expect(problemOf(result)).toEqual({ status: 503, code: 'suppression_list_unavailable' });
    expect(local.emulator.records.callPosts).toBe(0);
  });
});

describe('attempt caps (MAX_ATTEMPTS_PER_NUMBER)', () => {
  it('place two calls to a number in the hour and refuse the third with when the next is allowed, the dry run too', async () => {
    // Prepare
    const stack = stackOf({ MAX_ATTEMPTS_PER_NUMBER: '2/1h' });
    const number = freshNumber();
    const first = Date.now();

    // Act
    const placed = [await stack.call({ to: number.e164 }), await stack.call({ to: number.written })];
    const third = await stack.call({ to: number.e164 });
    const dryRun = await stack.call({ to: number.e164, dryRun: true });
    const other = await stack.call({ to: freshNumber().e164 });

    // Assess
    expect(placed.map((result) => result.statusCode)).toEqual([201, 201]);
    expect(problemOf(third)).toEqual({ status: 422, code: 'attempt_limit_reached' });
    expect(parseBody(third).limit).toBe('2/1h');
    const nextAllowedAt = Date.parse(String(parseBody(third).nextAllowedAt));
    expect(nextAllowedAt - first).toBeGreaterThanOrEqual(3_600_000);
    expect(nextAllowedAt - first).toBeLessThan(3_600_000 + 10_000);
    expect(problemOf(dryRun).code).toBe('attempt_limit_reached');
    expect(other.statusCode).toBe(201);
    expect(local.emulator.records.callPosts).toBe(3);
  });

  it('do not count a call Genesys refused (no call exists), and count one that timed out (it may be ringing)', async () => {
    // Prepare
    const stack = stackOf({ MAX_ATTEMPTS_PER_NUMBER: '1/1h', GENESYS_TIMEOUT_MS: '300' });
    const [refused, timedOut] = [freshNumber(), freshNumber()];
    local.emulator.inject('callsForUser', { kind: 'status', status: 400, code: 'bad.request', message: 'refused' }, 1);
    const refusal = await stack.call({ to: refused.e164 });
    local.emulator.inject('callsForUser', { kind: 'delay', ms: 1000 }, 1);
    const timeout = await stack.call({ to: timedOut.e164 });
    await callsSettled(local.emulator);

    // Act
    const afterRefusal = await stack.call({ to: refused.e164 });
    const afterTimeout = await stack.call({ to: timedOut.e164 });

    // Assess
    expect([refusal, timeout, afterRefusal, afterTimeout].map((result) => parseBody(result).code ?? result.statusCode)).toEqual([
      'genesys_rejected_request',
      'genesys_timeout',
      201,
      'attempt_limit_reached',
    ]);
  });

  it('count no attempt for a replayed keyed request', async () => {
    // Prepare
    const stack = stackOf({ MAX_ATTEMPTS_PER_NUMBER: '1/1h' });
    const number = freshNumber();
    const key = { 'Idempotency-Key': crypto.randomUUID() };

    // Act
    const first = await stack.call({ to: number.e164 }, key);
    const replay = await stack.call({ to: number.e164 }, key);

    // Assess
    expect({ first: first.statusCode, replay: replay.statusCode, replayed: replay.headers?.['idempotent-replayed'], posts: local.emulator.records.callPosts }).toEqual({
      first: 201,
      replay: 201,
      replayed: 'true',
      posts: 1,
    });
  });
});

describe('what is kept', () => {
  it('holds no number in the suppression table, the call records or the idempotency records: only keyed hashes and masked forms', async () => {
    // Prepare
    const stack = stackOf({ MAX_ATTEMPTS_PER_NUMBER: '3/24h' });
    const number = freshNumber();
    await stack.add({ numbers: [{ to: number.e164, reason: `customer asked; also reachable on ${number.written}` }] });
    await stack.remove({ numbers: [{ to: number.e164 }] });
    await stack.call({ to: number.e164 }, { 'Idempotency-Key': crypto.randomUUID() });
    await stack.add({ numbers: [{ to: number.e164, reason: 'asked again' }] });
    const client = new DynamoDBClient({ endpoint: local.dynamo.url });

    // Act
    const items = await Promise.all(Object.values(TABLES).map(async (TableName) => (await client.send(new ScanCommand({ TableName }))).Items ?? []));
    client.destroy();

    // Assess
    const text = JSON.stringify(items);
    const digits = number.e164.slice(2);
    expect(text).not.toContain(digits);
    expect(text.replace(/[^0-9]/g, '')).not.toContain(digits);
    const suppressionIds = items[0].map((item) => item.id.S);
    expect(suppressionIds.every((id) => /^(listed|attempts)#[A-Za-z0-9_-]{43}$/.test(id ?? ''))).toBe(true);
  });
});

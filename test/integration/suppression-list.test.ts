import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { SUPPRESSIONS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import type { AttemptCap, SuppressionSettings } from '../../lib/config';
import { ProblemError } from '../../lib/problems/errors';
import { LazyDynamoDB } from '../../lib/aws/dynamodb-client';
import { SuppressionList } from '../../lib/suppression/suppression-list';
import { SuppressionStore } from '../../lib/suppression/suppression-store';

// The suppression list and attempt caps against a real DynamoDB implementation (dynalite) over
// HTTP through the AWS SDK, as the functions use them. The number's key is made here with a fixed
// key and the clock is the test's: reading the stack's hash key is the container's part, and the
// routes and POST /calls are covered end to end (suppression.test.ts).

let dynamo: LocalDynamoDB;
let previousEndpoint: string | undefined;
beforeAll(async () => {
  dynamo = await startLocalDynamoDB();
  previousEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = previousEndpoint;
  await dynamo.stop();
});

const HOUR = 3_600_000;
const CAP: AttemptCap = { attempts: 3, windowMs: 24 * HOUR, text: '3/24h' };
const keyOf = async (e164: string) => createHmac('sha256', 'test-key').update(e164).digest('base64url');
const later = () => Date.now() + 20_000;
let numbers = 0;
/** A number no other test of the file uses: the table is shared. */
const freshNumber = () => `+1415555${String(1000 + (numbers += 1)).slice(-4)}`;

function listWith(settings: Partial<SuppressionSettings> = {}, clock: { now: number } | undefined = undefined) {
  const full: SuppressionSettings = { tableName: SUPPRESSIONS_TABLE, attemptCaps: [], ...settings };
  return new SuppressionList(full, keyOf, new SuppressionStore(full.tableName), clock ? () => clock.now : Date.now);
}

async function problemOf(promise: Promise<unknown>): Promise<{ code: string; extensions?: Record<string, unknown> } | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error === undefined) return undefined;
  if (error instanceof ProblemError) return { code: error.code, ...(error.details.extensions ? { extensions: { ...error.details.extensions } } : {}) };
  throw error;
}

/** A place() that counts its runs and ends as told. */
function placing(outcome: 'placed' | ProblemError) {
  const place = async () => {
    place.runs += 1;
    if (outcome !== 'placed') throw outcome;
    return 'placed';
  };
  place.runs = 0;
  return place;
}

/**
 * A proxy in front of the local DynamoDB that applies every request but withholds the answer to the
 * first `count` of the named operation (`PutItem`): the client times out and the SDK sends the
 * request again, as it would after a lost answer in AWS. The one network fault no local DynamoDB offers.
 */
async function startLostAnswerProxy(target: string, operation: string, count: number): Promise<{ url: string; lost: () => number; stop(): Promise<void> }> {
  let lost = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
      const withhold = request.headers['x-amz-target'] === `DynamoDB_20120810.${operation}` && lost < count;
      if (withhold) lost += 1;
      fetch(`${target}${request.url}`, { method: request.method, headers, body: Buffer.concat(chunks) })
        .then(async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          // Withheld: applied by the store, never answered; the client gives up and retries.
          if (withhold) return;
          response.writeHead(answer.status, Object.fromEntries(answer.headers));
          response.end(body);
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    lost: () => lost,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('SuppressionList', () => {
  describe('check', () => {
    it('refuses a listed number with destination_suppressed and lets others through', async () => {
      // Prepare
      const list = listWith();
      const listed = freshNumber();
      await list.list(listed, {}, later());

      // Act
      const refused = await problemOf(list.check(listed, later()));
      const other = await problemOf(list.check(freshNumber(), later()));

      // Assess
      expect({ refused, other }).toEqual({ refused: { code: 'destination_suppressed' }, other: undefined });
    });

    it('lets a number through again once it is removed', async () => {
      // Prepare
      const list = listWith();
      const number = freshNumber();
      await list.list(number, {}, later());

      // Act
      const removed = await list.unlist(number, later());
      const again = await list.unlist(number, later());
      const check = await problemOf(list.check(number, later()));

      // Assess
      expect({ removed, again, check }).toEqual({ removed: 'removed', again: 'not_listed', check: undefined });
    });

    it('lets a number through once its expiry has passed, though the item is still there (TTL deletes late)', async () => {
      // Prepare
      const clock = { now: Date.now() };
      const list = listWith({}, clock);
      const number = freshNumber();
      await list.list(number, { expiresAt: clock.now + HOUR }, later());

      // Act
      const before = await problemOf(list.check(number, later()));
      clock.now += HOUR;
      const after = await problemOf(list.check(number, later()));
      const status = await list.status(number, later());
      const relisted = await list.list(number, {}, later());

      // Assess
      expect({ before, after, status, relisted }).toEqual({ before: { code: 'destination_suppressed' }, after: undefined, status: {}, relisted: 'added' });
    });

    it('says replaced when a listed number is listed again, with what the last add said', async () => {
      // Prepare
      const clock = { now: Date.UTC(2026, 5, 1) };
      const list = listWith({}, clock);
      const number = freshNumber();
      await list.list(number, { reason: 'first' }, later());
      clock.now += 1000;

      // Act
      const result = await list.list(number, { reason: 'second' }, later());
      const status = await list.status(number, later());

      // Assess
      expect({ result, status }).toEqual({ result: 'replaced', status: { listed: { addedAt: clock.now, reason: 'second' } } });
    });

    it('checks nothing where no table is configured', async () => {
      // Prepare
      const list = listWith({ tableName: undefined });

      // Act / Assess
      await expect(list.check(freshNumber(), later())).resolves.toBeUndefined();
      expect(list.enabled).toBe(false);
    });

    it('refuses with suppression_list_unavailable when the table cannot be reached: a listed number is never called blind', async () => {
      // Prepare
      const down = await startLocalDynamoDB();
      await down.stop();
      process.env.AWS_ENDPOINT_URL_DYNAMODB = down.url;
      const list = listWith();

      // Act
      const problem = await problemOf(list.check(freshNumber(), later()));
      process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;

      // Assess
      expect(problem).toEqual({ code: 'suppression_list_unavailable' });
    });
  });

  describe('when a write was applied but its answer lost (the SDK sends it again)', () => {
    const behind = async (proxyUrl: string, settings: Partial<SuppressionSettings>) => {
      const full: SuppressionSettings = { tableName: SUPPRESSIONS_TABLE, attemptCaps: [], ...settings };
      const dynamodb = new LazyDynamoDB({ endpoint: proxyUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      return new SuppressionList(full, keyOf, new SuppressionStore(full.tableName, dynamodb));
    };

    it('answers added, not replaced: the entry the retry finds is its own', async () => {
      // Prepare
      const proxy = await startLostAnswerProxy(dynamo.url, 'PutItem', 1);
      const list = await behind(proxy.url, {});
      const number = freshNumber();

      // Act
      const result = await list.list(number, {}, later());
      const lost = proxy.lost();
      await proxy.stop();

      // Assess
      expect({ lost, result, listed: (await listWith().status(number, later())).listed !== undefined }).toEqual({ lost: 1, result: 'added', listed: true });
    });

    it('counts the attempt once', async () => {
      // Prepare: a cap of 2, so that an attempt counted twice would refuse the second call.
      const proxy = await startLostAnswerProxy(dynamo.url, 'PutItem', 1);
      const list = await behind(proxy.url, { attemptCaps: [{ attempts: 2, windowMs: HOUR, text: '2/1h' }] });
      const number = freshNumber();

      // Act
      const first = await problemOf(list.attempt(number, later(), placing('placed')));
      const lost = proxy.lost();
      const second = await problemOf(list.attempt(number, later(), placing('placed')));
      const third = await problemOf(list.attempt(number, later(), placing('placed')));
      await proxy.stop();

      // Assess
      expect({ lost, first, second, third: third?.code }).toEqual({ lost: 1, first: undefined, second: undefined, third: 'attempt_limit_reached' });
    });
  });

  describe('attempt', () => {
    it('places the first three attempts of a day and refuses the fourth with when the next is allowed', async () => {
      // Prepare
      const clock = { now: Date.UTC(2026, 5, 1, 9) };
      const list = listWith({ attemptCaps: [CAP] }, clock);
      const number = freshNumber();
      const place = placing('placed');
      const first = clock.now;

      // Act
      for (const hours of [0, 1, 2]) {
        clock.now = first + hours * HOUR;
        await list.attempt(number, later(), place);
      }
      clock.now = first + 3 * HOUR;
      const fourth = await problemOf(list.attempt(number, later(), place));
      // An attempt counts from just after the instant it was made (a fraction of a millisecond).
      clock.now = first + 24 * HOUR;
      const atTheInstant = await problemOf(list.attempt(number, later(), place));
      clock.now = Date.parse(String(fourth?.extensions?.nextAllowedAt));
      const atNextAllowedAt = await problemOf(list.attempt(number, later(), place));

      // Assess
      expect(fourth).toEqual({ code: 'attempt_limit_reached', extensions: { limit: '3/24h', nextAllowedAt: '2026-06-02T09:00:00.001Z' } });
      expect(atTheInstant?.code).toBe('attempt_limit_reached');
      expect(atNextAllowedAt).toBeUndefined();
      expect(place.runs).toBe(4);
    });

    it('lets exactly the cap through when twenty requests attempt one number at once (conditional writes)', async () => {
      // Prepare
      const list = listWith({ attemptCaps: [CAP] });
      const number = freshNumber();
      const place = placing('placed');

      // Act
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => problemOf(list.attempt(number, later(), place))));

      // Assess
      expect({ placed: outcomes.filter((outcome) => outcome === undefined).length, runs: place.runs }).toEqual({ placed: 3, runs: 3 });
      expect(new Set(outcomes.filter(Boolean).map((outcome) => outcome!.code))).toEqual(new Set(['attempt_limit_reached']));
    });

    it('takes back an attempt that proved no call was placed, and keeps one whose call may exist', async () => {
      // Prepare
      const list = listWith({ attemptCaps: [{ attempts: 1, windowMs: HOUR, text: '1/1h' }] });
      const refusedFirst = freshNumber();
      const mayExistFirst = freshNumber();
      // destination_suppressed is decided before anything is sent; a timeout may have placed the call.
      const refused = placing(new ProblemError('destination_suppressed', { detail: 'refused before sending' }));
      const timedOut = placing(new ProblemError('genesys_timeout', { detail: 'may have been placed' }));

      // Act
      await problemOf(list.attempt(refusedFirst, later(), refused));
      const afterRefusal = await problemOf(list.attempt(refusedFirst, later(), placing('placed')));
      await problemOf(list.attempt(mayExistFirst, later(), timedOut));
      const afterTimeout = await problemOf(list.attempt(mayExistFirst, later(), placing('placed')));

      // Assess
      expect({ afterRefusal, afterTimeout: afterTimeout?.code }).toEqual({ afterRefusal: undefined, afterTimeout: 'attempt_limit_reached' });
    });

    it('counts attempts per number, not per request: another number is not held back', async () => {
      // Prepare
      const list = listWith({ attemptCaps: [{ attempts: 1, windowMs: HOUR, text: '1/1h' }] });
      const [a, b] = [freshNumber(), freshNumber()];
      await list.attempt(a, later(), placing('placed'));

      // Act
      const other = await problemOf(list.attempt(b, later(), placing('placed')));
      const same = await problemOf(list.attempt(a, later(), placing('placed')));

      // Assess
      expect({ other, same: same?.code }).toEqual({ other: undefined, same: 'attempt_limit_reached' });
    });

    it('counts nothing on a dry run check, and refuses it once the cap is reached', async () => {
      // Prepare
      const list = listWith({ attemptCaps: [{ attempts: 1, windowMs: HOUR, text: '1/1h' }] });
      const number = freshNumber();

      // Act
      const beforeDry = await problemOf(list.checkAttempts(number, later()));
      await problemOf(list.checkAttempts(number, later()));
      const placed = await problemOf(list.attempt(number, later(), placing('placed')));
      const afterPlaced = await problemOf(list.checkAttempts(number, later()));

      // Assess
      expect({ beforeDry, placed, afterPlaced: afterPlaced?.code }).toEqual({ beforeDry: undefined, placed: undefined, afterPlaced: 'attempt_limit_reached' });
    });

    it('places without counting when no cap is set', async () => {
      // Prepare
      const list = listWith({ tableName: undefined });
      const place = placing('placed');

      // Act
      for (let i = 0; i < 5; i += 1) await list.attempt(freshNumber(), later(), place);

      // Assess
      expect(place.runs).toBe(5);
    });
  });
});

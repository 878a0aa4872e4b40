import { createHmac, hkdfSync } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DEMO } from '../../emulator';
import { SUPPRESSIONS_TABLE } from '../../emulator/local-dynamodb';
import { createHandler as addHandler } from '../../functions/add-suppressions';
import { SUPPRESSION_PURPOSE } from '../../lib/suppression/suppression-list';
import { httpApiPostEvent } from '../support/api-gateway-events';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, observed } from '../support/harness';
import { leakGuard } from '../support/leak-guard';

// What an attacker with a copy of the suppression table can learn of a listed number: the number is
// listed through the real handler, against the emulator's Secrets Manager (the stack's hash key)
// and a real DynamoDB implementation; the stored item is read back with a scan, as anyone able to
// read the table would. Then every 10-digit number of the area code (+1 415 200 0000 to
// +1 415 999 9999: eight million, since NANP exchange codes start with 2 to 9) is hashed and
// compared with the item, without the key and with it, in two worker threads at once.

jest.setTimeout(180_000);

const LISTED = '+14152010042';
const AREA = '+1415';

let local: EmulatorAndDynamo;
beforeAll(async () => {
  local = await startEmulatorAndDynamo();
  leakGuard.canary(LISTED);
  leakGuard.canary(LISTED.slice(1));
});
afterAll(() => local.stop());

/**
 * Hashes `+1415NXXXXXX` for every NXXXXXX from 2000000 to 9999999 in order with the named function, and answers the first
 * number whose hash is `target` (or none) and how many were tried. Runs in a worker thread: plain
 * JavaScript, Node's own crypto only.
 *   sha256: SHA-256 of the E.164 number, the "hash it" an unkeyed design would store;
 *   hmac: HMAC-SHA256 under `key` (hex), the service's own construction.
 */
const SEARCH = `
const { workerData, parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const { area, target, kind, key } = workerData;
const hashers = {
  sha256: (number) => crypto.hash('sha256', number, 'base64url'),
  hmac: (number) => crypto.createHmac('sha256', Buffer.from(key, 'hex')).update(number).digest('base64url'),
};
const hash = hashers[kind];
let found = null;
let tried = 0;
for (let subscriber = 2000000; subscriber <= 9999999 && found === null; subscriber += 1) {
  const number = area + String(subscriber);
  tried += 1;
  if (hash(number) === target) found = number;
}
parentPort.postMessage({ found, tried });
`;

function search(kind: 'sha256' | 'hmac', target: string, key?: Buffer): Promise<{ found: string | null; tried: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SEARCH, { eval: true, workerData: { area: AREA, target, kind, key: key?.toString('hex') } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('a listed number in the suppression table', () => {
  it('is found by no search over every 10-digit number of its area code without the key, and by the same search with it', async () => {
    // Prepare: list it through the route, then read the table as anyone with access to it could.
    const container = coldContainer(local.emulator, { SUPPRESSIONS_TABLE });
    observed(await addHandler(() => container)(httpApiPostEvent('/suppressions', { numbers: [{ to: '(415) 201-0042', reason: 'asked not to be called' }] }), lambdaContext()));
    const client = new DynamoDBClient({ endpoint: local.dynamo.url });
    const items = (await client.send(new ScanCommand({ TableName: SUPPRESSIONS_TABLE }))).Items ?? [];
    client.destroy();
    const stored = items.map((item) => item.id.S ?? '').find((id) => id.startsWith('listed#'))!.slice('listed#'.length);
    // The service's key for this purpose: HKDF of the stack's generated secret (lib/aws/hash-key.ts).
    const key = Buffer.from(hkdfSync('sha256', DEMO.hashKey, Buffer.alloc(0), SUPPRESSION_PURPOSE, 32));

    // Act
    const [withoutTheKey, withTheKey] = await Promise.all([search('sha256', stored), search('hmac', stored, key)]);

    // Assess
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items)).not.toContain('2010042');
    expect(withoutTheKey).toEqual({ found: null, tried: 8_000_000 });
    expect(withTheKey).toEqual({ found: LISTED, tried: 10_043 });
    expect(createHmac('sha256', key).update(LISTED).digest('base64url')).toBe(stored);
  });
});

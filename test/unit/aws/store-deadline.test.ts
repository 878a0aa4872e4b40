import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { STORE_OPERATION_MS, STORE_RESERVE_MS, StoreTimeoutError, boundedSend, storeOperationTimeout, withStoreDeadline } from '../../../lib/aws/store-deadline';
import type { HungServer } from '../../support/hung-server';
import { startHungServer } from '../../support/hung-server';

describe('storeOperationTimeout', () => {
  it('gives an operation 2 s when the invocation has time', () => {
    // Act
    const timeout = storeOperationTimeout(10_000_000, 0);

    // Assess
    expect(timeout).toBe(STORE_OPERATION_MS);
  });

  it("ends an operation by the invocation's deadline less the reserve when that comes first", () => {
    // Act
    const timeout = storeOperationTimeout(1_000, 0);

    // Assess
    expect(timeout).toBe(1_000 - STORE_RESERVE_MS);
  });

  it('gives 1 ms, not a negative or zero bound, once the deadline has passed', () => {
    // Act
    const timeouts = [storeOperationTimeout(STORE_RESERVE_MS, 0), storeOperationTimeout(0, 5_000)];

    // Assess
    expect(timeouts).toEqual([1, 1]);
  });

  it('reads the deadline that withStoreDeadline set for the work it runs', async () => {
    // Act
    const inside = await withStoreDeadline(Date.now() + 600, async () => storeOperationTimeout());
    const outside = storeOperationTimeout();

    // Assess: inside, bounded by the 600 ms left (less the reserve and the time taken); outside, 2 s.
    expect(inside).toBeLessThanOrEqual(600 - STORE_RESERVE_MS);
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBe(STORE_OPERATION_MS);
  });
});

describe('boundedSend', () => {
  // A real DynamoDB client with no timeout of its own: what a runtime SDK whose requestTimeout only
  // warns amounts to. Against a store that never answers, only the bound ends the wait.
  let hung: HungServer;
  let client: DynamoDBClient;
  beforeEach(async () => {
    hung = await startHungServer();
    client = new DynamoDBClient({
      endpoint: hung.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });
  afterEach(async () => {
    client.destroy();
    await hung.stop();
  });

  const getItem = () => new GetItemCommand({ TableName: 'any', Key: { id: { S: 'k' } } });

  it('ends a request the store never answers at the bound, with StoreTimeoutError, and closes its connection', async () => {
    // Prepare
    const bounded = boundedSend(client);
    const startedAt = Date.now();

    // Act
    const error = await withStoreDeadline(Date.now() + 800, () => bounded.send(getItem())).catch((caught: unknown) => caught);

    // Assess: about 700 ms (800 less the reserve); generous above for a loaded machine.
    const tookMs = Date.now() - startedAt;
    expect(error).toBeInstanceOf(StoreTimeoutError);
    expect((error as StoreTimeoutError).timeoutMs).toBeLessThanOrEqual(800 - STORE_RESERVE_MS);
    expect(tookMs).toBeGreaterThanOrEqual(600);
    expect(tookMs).toBeLessThan(3_000);
    expect(hung.connections()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hung.openConnections()).toBe(0);
  });

  it("passes on the SDK's own error when it comes before the bound", async () => {
    // Prepare: the same client pointed at nothing listening fails at once with the SDK's own error.
    await hung.stop();
    const bounded = boundedSend(client);

    // Act
    const error = await bounded.send(getItem()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(StoreTimeoutError);
  });
});

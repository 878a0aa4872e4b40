import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** The local stage's idempotency table (serverless.yml, custom.environment.local.IDEMPOTENCY_TABLE). */
export const IDEMPOTENCY_TABLE = 'genesys-outbound-call-local-idempotency';

/** The local stage's call outcome records (serverless.yml, custom.environment.local.CALLS_TABLE). */
export const CALLS_TABLE = 'genesys-outbound-call-local-calls';

/** The local stage's batches and their items (serverless.yml, custom.environment.local.BATCHES_TABLE). */
export const BATCHES_TABLE = 'genesys-outbound-call-local-batches';
/** The local stage's suppression list (serverless.yml, custom.environment.local.SUPPRESSIONS_TABLE). */
export const SUPPRESSIONS_TABLE = 'genesys-outbound-call-local-suppressions';

/** Fixed, like the emulator's 9100, so serverless.yml's local stage can name it. */
export const DEFAULT_DYNAMODB_PORT = 9101;

export interface LocalDynamoDB {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A real DynamoDB implementation (dynalite, in memory) holding the idempotency table (key `id`),
 * the call records table (key `conversationId`), the batches table (key `batchId` + `sk`) and the suppression list (key `id`) of serverless.yml, for `npm start`, `npm run emulator` and the tests. The service reaches
 * it with the real AWS SDK through the standard AWS_ENDPOINT_URL_DYNAMODB. Not Genesys, but the
 * same kind of thing as the emulator: a local stand-in for a cloud service the code needs.
 */
export async function startLocalDynamoDB(port = 0, host = '127.0.0.1'): Promise<LocalDynamoDB> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host}:${actualPort}`;
  // dynalite checks that requests are signed, not by whom.
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  for (const [TableName, key, sortKey] of [
    [IDEMPOTENCY_TABLE, 'id'],
    [CALLS_TABLE, 'conversationId'],
    [BATCHES_TABLE, 'batchId', 'sk'],
    [SUPPRESSIONS_TABLE, 'id'],
  ]) {
    const keys = sortKey === undefined ? [key] : [key, sortKey];
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: keys.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: keys.map((name, i) => ({ AttributeName: name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  client.destroy();
  let stopped = false;
  return {
    url,
    port: actualPort,
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        stopped = true;
        server.close(() => resolve());
      }),
  };
}

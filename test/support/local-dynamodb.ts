import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

export const IDEMPOTENCY_TABLE = 'genesys-outbound-call-local-idempotency';

export interface LocalDynamoDB {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A real DynamoDB implementation (dynalite, in memory) with the idempotency table of serverless.yml
 * (key `id`), reached by the real AWS SDK through the standard AWS_ENDPOINT_URL_DYNAMODB.
 */
export async function startLocalDynamoDB(port = 0): Promise<LocalDynamoDB> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://127.0.0.1:${actualPort}`;
  const client = new DynamoDBClient({ endpoint: url, region: process.env.AWS_REGION ?? 'us-east-1' });
  await client.send(
    new CreateTableCommand({
      TableName: IDEMPOTENCY_TABLE,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
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

import type * as DynamoDB from '@aws-sdk/client-dynamodb';
import { STORE_CLIENT_CONFIG, boundedSend } from './store-deadline';
import { lazyUntilFailed } from './lazy';

/** `@aws-sdk/client-dynamodb` once loaded, and the container's one client of it. */
export interface LoadedDynamoDB {
  readonly sdk: typeof DynamoDB;
  readonly client: DynamoDB.DynamoDBClient;
}

/**
 * The container's one DynamoDB client, shared by the idempotency store and the call records: the
 * SDK is loaded and the client built on first use (so a request that touches neither pays nothing
 * for them), and a keyed `POST /calls` writes its call record on the connection its idempotency
 * record already opened. Every `send` is bounded (store-deadline.ts).
 */
export class LazyDynamoDB {
  /** A load that fails is not kept: the next use tries again. */
  readonly load = lazyUntilFailed(() => loadDynamoDB(this.where));

  /**
   * `where`: the region, endpoint and credentials, for a client outside a function (the doctor run
   * from a laptop names the stack's region); in a function the SDK's defaults find them.
   */
  constructor(private readonly where: DynamoDB.DynamoDBClientConfig = {}) {}
}

async function loadDynamoDB(where: DynamoDB.DynamoDBClientConfig): Promise<LoadedDynamoDB> {
  // require(), not import(): the bundle leaves `@aws-sdk/*` to the Lambda runtime, whose packages are
  // CommonJS, and Node would load one imported from CommonJS through its ESM loader (resolving it
  // again, lexing its sources for their exports): 54 ms (Node 22) to 105 ms (Node 20) more CPU per
  // cold start with the call record (docs/performance.md).
  const sdk = require('@aws-sdk/client-dynamodb') as typeof DynamoDB;
  // The real client; AWS_ENDPOINT_URL_DYNAMODB points it at a local DynamoDB.
  return { sdk, client: boundedSend(new sdk.DynamoDBClient({ ...where, ...STORE_CLIENT_CONFIG })) };
}

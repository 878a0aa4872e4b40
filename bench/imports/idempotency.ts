import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';

/**
 * What lib/idempotency/run-once.ts loads on the first request with an Idempotency-Key (and only
 * then): the Powertools idempotency utility and its DynamoDB persistence layer, set up as it does.
 * No request: there is no DynamoDB here.
 */
export function firstUse(): unknown {
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'bench-idempotency' });
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', payloadValidationJmesPath: 'fingerprint', throwOnNoIdempotencyKey: true });
  return makeIdempotent(async () => undefined, { persistenceStore, config, dataIndexArgument: 0 });
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallRecordSettings } from '../config';
import { ProblemError } from '../errors';
import { STORE_CLIENT_CONFIG, boundedSend, withStoreDeadline } from '../idempotency/store-deadline';
import type { CallRecord } from './call-record';

/** The call records table (CALLS_TABLE): create, read, and replace at a known version. */
export interface CallStore {
  /** Writes a new record; a record already there (the same call written twice) is left as it is. */
  create(record: CallRecord, deadline: number): Promise<void>;
  /** A strongly consistent read: a record written a moment ago is seen. */
  get(conversationId: string, deadline: number): Promise<CallRecord | undefined>;
  /** Writes `record` (its `version` one above the one read); false when someone wrote in between. */
  replace(record: CallRecord, deadline: number): Promise<boolean>;
}

/**
 * CALLS_TABLE in DynamoDB, through the real SDK (AWS_ENDPOINT_URL_DYNAMODB points it at a local one).
 * The client is loaded on first use, so an invocation that never touches a record pays nothing for
 * it, and `preload()` lets createCall load it while the Genesys POST is in flight. Every operation
 * is bounded by 2 s and the invocation's deadline (store-deadline.ts).
 */
export class DynamoCallStore implements CallStore {
  #client: Promise<DynamoDBDocumentClient> | undefined;

  constructor(private readonly settings: CallRecordSettings) {}

  /** Starts loading the client; a load that fails is tried again by the next operation. */
  preload(): void {
    this.client().catch(() => undefined);
  }

  async create(record: CallRecord, deadline: number): Promise<void> {
    const [client, { PutCommand }] = await Promise.all([this.client(), import('@aws-sdk/lib-dynamodb')]);
    try {
      await withStoreDeadline(deadline, () =>
        client.send(new PutCommand({ TableName: this.table(), Item: record, ConditionExpression: 'attribute_not_exists(conversationId)' })),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async get(conversationId: string, deadline: number): Promise<CallRecord | undefined> {
    const [client, { GetCommand }] = await Promise.all([this.client(), import('@aws-sdk/lib-dynamodb')]);
    const output = await withStoreDeadline(deadline, () =>
      client.send(new GetCommand({ TableName: this.table(), Key: { conversationId }, ConsistentRead: true })),
    );
    return output.Item as CallRecord | undefined;
  }

  async replace(record: CallRecord, deadline: number): Promise<boolean> {
    const [client, { PutCommand }] = await Promise.all([this.client(), import('@aws-sdk/lib-dynamodb')]);
    try {
      await withStoreDeadline(deadline, () =>
        client.send(
          new PutCommand({
            TableName: this.table(),
            Item: record,
            ConditionExpression: '#version = :read',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':read': record.version - 1 },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private table(): string {
    if (!this.settings.tableName) {
      throw new ProblemError('configuration_error', {
        detail: 'The service is misconfigured: CALLS_TABLE is not set, so call outcomes are not kept.',
        extensions: { variable: 'CALLS_TABLE' },
      });
    }
    return this.settings.tableName;
  }

  private client(): Promise<DynamoDBDocumentClient> {
    this.#client ??= load().catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    return this.#client;
  }
}

async function load(): Promise<DynamoDBDocumentClient> {
  const [{ DynamoDBClient }, { DynamoDBDocumentClient }] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/lib-dynamodb')]);
  return boundedSend(
    DynamoDBDocumentClient.from(new DynamoDBClient(STORE_CLIENT_CONFIG), { marshallOptions: { removeUndefinedValues: true } }),
  );
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

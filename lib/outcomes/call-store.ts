import type { CallRecordSettings } from '../config';
import { LazyDynamoDB } from '../aws/dynamodb-client';
import { ProblemError } from '../problems/errors';
import { withStoreDeadline } from '../aws/store-deadline';
import type { CallRecord } from './call-record';
import { fromItem, toItem } from './call-item';

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
 * CALLS_TABLE in DynamoDB, through the real SDK's plain client (AWS_ENDPOINT_URL_DYNAMODB points it
 * at a local one), items marshalled by call-item.ts. The client is loaded on first use, so an
 * invocation that never touches a record pays nothing for it, and `preload()` lets createCall start
 * loading it once its first request is under way. In createCall's container the client is the one the
 * idempotency store uses too (lib/aws/dynamodb-client.ts). Every operation is bounded by 2 s and the
 * invocation's deadline (store-deadline.ts).
 */
export class DynamoCallStore implements CallStore {
  constructor(
    private readonly settings: CallRecordSettings,
    private readonly dynamodb: LazyDynamoDB = new LazyDynamoDB(),
  ) {}

  /**
   * Starts loading the client once the current I/O has been started (a macrotask, not a microtask):
   * loading is synchronous work, and run at once it would hold back the requests it should overlap;
   * run then, it overlaps what needs no JavaScript (a DNS lookup, a TCP connect).
   * A load that fails is tried again by the next operation.
   */
  preload(): void {
    setImmediate(() => {
      this.dynamodb.load().catch(() => undefined);
    });
  }

  async create(record: CallRecord, deadline: number): Promise<void> {
    const { sdk, client } = await this.dynamodb.load();
    try {
      await withStoreDeadline(deadline, () =>
        client.send(new sdk.PutItemCommand({ TableName: this.table(), Item: toItem(record), ConditionExpression: 'attribute_not_exists(conversationId)' })),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async get(conversationId: string, deadline: number): Promise<CallRecord | undefined> {
    const { sdk, client } = await this.dynamodb.load();
    const output = await withStoreDeadline(deadline, () =>
      client.send(new sdk.GetItemCommand({ TableName: this.table(), Key: { conversationId: { S: conversationId } }, ConsistentRead: true })),
    );
    return output.Item ? fromItem(output.Item) : undefined;
  }

  async replace(record: CallRecord, deadline: number): Promise<boolean> {
    const { sdk, client } = await this.dynamodb.load();
    try {
      await withStoreDeadline(deadline, () =>
        client.send(
          new sdk.PutItemCommand({
            TableName: this.table(),
            Item: toItem(record),
            ConditionExpression: '#version = :read',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':read': { N: String(record.version - 1) } },
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
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

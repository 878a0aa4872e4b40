import { setTimeout as sleep } from 'node:timers/promises';
import { LazyDynamoDB } from '../aws/dynamodb-client';
import { withStoreDeadline } from '../aws/store-deadline';
import { ProblemError } from '../problems/errors';
import type { AttemptLog, ListedEntry } from './suppression-item';
import { attemptsItem, fromAttemptsItem, fromListedItem, itemId, listedItem } from './suppression-item';

/**
 * SUPPRESSIONS_TABLE in DynamoDB through the real SDK (AWS_ENDPOINT_URL_DYNAMODB points it at a
 * local one), on the container's one client. Item operations only (GetItem, BatchGetItem for a
 * batch's numbers, PutItem, DeleteItem: never a scan), reads strongly consistent (a number listed a moment ago is refused), each bounded
 * by 2 s and the invocation's deadline (store-deadline.ts). Numbers are named by their keyed hash
 * (`numberKey`) only.
 */
/** DynamoDB's most keys in one BatchGetItem; requests in flight at once for one batch. */
const BATCH_GET_KEYS = 100;
const BATCH_GETS_AT_ONCE = 4;
/** Rounds of asking again for unprocessed keys (100 ms, 200 ms, 400 ms, … apart). */
const UNPROCESSED_ROUNDS = 5;

export class SuppressionStore {
  constructor(
    private readonly tableName: string | undefined,
    private readonly dynamodb: LazyDynamoDB = new LazyDynamoDB(),
  ) {}

  async listed(numberKey: string, deadline: number): Promise<ListedEntry | undefined> {
    const { sdk, client } = await this.dynamodb.load();
    const output = await withStoreDeadline(deadline, () =>
      client.send(new sdk.GetItemCommand({ TableName: this.table(), Key: { id: { S: itemId('listed', numberKey) } }, ConsistentRead: true })),
    );
    return output.Item ? fromListedItem(output.Item) : undefined;
  }

  /**
   * The listings of many numbers at once (a batch's): BatchGetItem, 100 keys a request (DynamoDB's
   * most), a few requests at a time. Keys DynamoDB leaves unprocessed (throttling) are asked again
   * after a pause; still unprocessed after that, it throws, and the caller refuses rather than
   * call numbers it could not check.
   */
  async listedMany(numberKeys: readonly string[], deadline: number): Promise<Map<string, ListedEntry>> {
    const { sdk, client } = await this.dynamodb.load();
    const table = this.table();
    const prefix = itemId('listed', '');
    const found = new Map<string, ListedEntry>();
    const chunks: string[][] = [];
    for (let start = 0; start < numberKeys.length; start += BATCH_GET_KEYS) chunks.push(numberKeys.slice(start, start + BATCH_GET_KEYS));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        let keys = chunks[next];
        next += 1;
        for (let round = 0; keys.length > 0; round += 1) {
          if (round === UNPROCESSED_ROUNDS) throw new Error(`DynamoDB left ${keys.length} keys unprocessed ${UNPROCESSED_ROUNDS} times`);
          if (round > 0) await sleep(50 * 2 ** round);
          const output = await withStoreDeadline(deadline, () =>
            client.send(new sdk.BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys.map((numberKey) => ({ id: { S: prefix + numberKey } })), ConsistentRead: true } } })),
          );
          for (const item of output.Responses?.[table] ?? []) found.set(String(item.id?.S).slice(prefix.length), fromListedItem(item));
          keys = (output.UnprocessedKeys?.[table]?.Keys ?? []).map((key) => String(key.id?.S).slice(prefix.length));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_GETS_AT_ONCE, chunks.length) }, worker));
    return found;
  }

  /**
   * Lists a number, replacing what was kept for it unless that holds longer: a listing with an
   * expiry is written only over none, or over one that expires no later (an expired one included).
   * Returns what was there before, or `stronger` when the listing there was left as it is.
   */
  async list(numberKey: string, entry: ListedEntry, deadline: number): Promise<{ readonly before?: ListedEntry } | 'stronger'> {
    const { sdk, client } = await this.dynamodb.load();
    const condition =
      entry.expiresAt === undefined
        ? {}
        : {
            ConditionExpression: 'attribute_not_exists(id) OR (attribute_exists(expiresAt) AND expiresAt <= :expiresAt)',
            ExpressionAttributeValues: { ':expiresAt': { N: String(entry.expiresAt) } },
          };
    try {
      const output = await withStoreDeadline(deadline, () =>
        client.send(new sdk.PutItemCommand({ TableName: this.table(), Item: listedItem(numberKey, entry), ReturnValues: 'ALL_OLD', ...condition })),
      );
      return output.Attributes ? { before: fromListedItem(output.Attributes) } : {};
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'stronger';
      throw error;
    }
  }

  /** Takes a number off the list; returns what was there. */
  async unlist(numberKey: string, deadline: number): Promise<ListedEntry | undefined> {
    const { sdk, client } = await this.dynamodb.load();
    const output = await withStoreDeadline(deadline, () =>
      client.send(new sdk.DeleteItemCommand({ TableName: this.table(), Key: { id: { S: itemId('listed', numberKey) } }, ReturnValues: 'ALL_OLD' })),
    );
    return output.Attributes ? fromListedItem(output.Attributes) : undefined;
  }

  async attempts(numberKey: string, deadline: number): Promise<AttemptLog> {
    const { sdk, client } = await this.dynamodb.load();
    const output = await withStoreDeadline(deadline, () =>
      client.send(new sdk.GetItemCommand({ TableName: this.table(), Key: { id: { S: itemId('attempts', numberKey) } }, ConsistentRead: true })),
    );
    return fromAttemptsItem(output.Item);
  }

  /**
   * Writes a number's attempts at `log.version`, only if the item is still at the version before
   * (or absent, for version 1): false when another request wrote in between, so that two requests
   * can never both take the last attempt a cap allows.
   */
  async writeAttempts(numberKey: string, log: AttemptLog, expiresAfter: number, deadline: number): Promise<boolean> {
    const { sdk, client } = await this.dynamodb.load();
    const condition =
      log.version === 1
        ? { ConditionExpression: 'attribute_not_exists(id)' }
        : {
            ConditionExpression: '#version = :read',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':read': { N: String(log.version - 1) } },
          };
    try {
      await withStoreDeadline(deadline, () =>
        client.send(new sdk.PutItemCommand({ TableName: this.table(), Item: attemptsItem(numberKey, log, expiresAfter), ...condition })),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private table(): string {
    if (!this.tableName) {
      throw new ProblemError('configuration_error', {
        detail: 'The service is misconfigured: SUPPRESSIONS_TABLE is not set, so there is no suppression list.',
        extensions: { variable: 'SUPPRESSIONS_TABLE' },
      });
    }
    return this.tableName;
  }
}

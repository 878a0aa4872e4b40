import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { BatchSettings } from '../config';
import type { LazyDynamoDB } from '../aws/dynamodb-client';
import { withStoreDeadline } from '../aws/store-deadline';
import { ProblemError } from '../problems/errors';
import type { BatchItem, BatchRecord, ItemStatus, SettledStatus } from './batch-item';
import { SETTLES_FROM } from './batch-item';

type Item = Record<string, AttributeValue>;

/** The sort key of the batch record and of each item (zero-padded, so items sort by index). */
const BATCH_SK = 'batch';
const itemSk = (index: number) => `call#${String(index).padStart(5, '0')}`;

/** A page of items and where the next one starts. */
export interface ItemPage {
  readonly items: readonly BatchItem[];
  /** The index of the page's last item, when more may follow: the next page starts after it. */
  readonly next?: number;
}

/**
 * BATCHES_TABLE (key `batchId` + `sk`): one record per batch (`sk` = `batch`) and one item per
 * call (`sk` = `call#00042`), all gone by TTL. Plain DynamoDB operations that DynamoDB Local and
 * dynalite both have (no transactions): an item's status changes only by a conditional update from
 * the statuses it may leave (batch-item.ts), and the batch's counts are counted from its items, so
 * they add up to the total whatever order the dialers settle them in.
 */
export class BatchStore {
  constructor(
    private readonly settings: BatchSettings,
    private readonly dynamodb: LazyDynamoDB,
  ) {}

  /** Writes the batch record (only if new) and its items. */
  async create(batch: BatchRecord, items: readonly BatchItem[], deadline: number): Promise<void> {
    const { sdk, client } = await this.dynamodb.load();
    const table = this.table();
    await withStoreDeadline(deadline, () =>
      client.send(new sdk.PutItemCommand({ TableName: table, Item: batchToItem(batch), ConditionExpression: 'attribute_not_exists(batchId)' })),
    );
    const writes = items.map((item) => ({ PutRequest: { Item: itemToItem(batch.batchId, item, batch.expiration) } }));
    const chunks: (typeof writes)[] = [];
    for (let i = 0; i < writes.length; i += 25) chunks.push(writes.slice(i, i + 25));
    await inParallel(chunks, 8, async (chunk) => {
      let pending = chunk;
      // DynamoDB may leave some writes of a batch unprocessed (throttling): send those again.
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt === 5) throw new Error('BatchWriteItem left items unprocessed five times');
        const answer = await withStoreDeadline(deadline, () => client.send(new sdk.BatchWriteItemCommand({ RequestItems: { [table]: pending } })));
        pending = (answer.UnprocessedItems?.[table] ?? []) as typeof chunk;
      }
    });
  }

  async get(batchId: string, deadline: number): Promise<BatchRecord | undefined> {
    const { sdk, client } = await this.dynamodb.load();
    const answer = await withStoreDeadline(deadline, () =>
      client.send(new sdk.GetItemCommand({ TableName: this.table(), Key: { batchId: { S: batchId }, sk: { S: BATCH_SK } }, ConsistentRead: true })),
    );
    return answer.Item ? itemToBatch(answer.Item) : undefined;
  }

  /**
   * Marks the batch cancelled (once: the first time stands), unless the dialer has taken it (a call
   * for later it claimed, `claimCall`). True when this cancel was the one written.
   */
  async cancel(batchId: string, at: number, deadline: number): Promise<boolean> {
    return this.conditionalSet(batchId, 'SET cancelledAt = :at', 'attribute_exists(batchId) AND attribute_not_exists(cancelledAt) AND attribute_not_exists(dialledAt)', at, deadline);
  }

  /**
   * The dialer takes a call for later (a batch of one) before any request to Genesys: one
   * conditional write on the record that a cancel writes too, so that either the cancel comes first
   * and the call is never dialled, or the dialer does and the cancel answers 409. False when the
   * call was cancelled first. A redelivery claims again (the first claim's time stands).
   */
  async claimCall(batchId: string, at: number, deadline: number): Promise<boolean> {
    return this.conditionalSet(batchId, 'SET dialledAt = if_not_exists(dialledAt, :at)', 'attribute_exists(batchId) AND attribute_not_exists(cancelledAt)', at, deadline);
  }

  private async conditionalSet(batchId: string, update: string, condition: string, at: number, deadline: number): Promise<boolean> {
    const { sdk, client } = await this.dynamodb.load();
    try {
      await withStoreDeadline(deadline, () =>
        client.send(
          new sdk.UpdateItemCommand({
            TableName: this.table(),
            Key: { batchId: { S: batchId }, sk: { S: BATCH_SK } },
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeValues: { ':at': { N: String(at) } },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Settles an item: its status and what is known, only from a status it may leave. False when it
   * had already moved on (another delivery of the same message settled it first).
   */
  async settle(batchId: string, index: number, status: SettledStatus, fields: Omit<BatchItem, 'index' | 'status'>, deadline: number): Promise<boolean> {
    const { sdk, client } = await this.dynamodb.load();
    const values: Item = { ':status': { S: status } };
    const names: Record<string, string> = { '#status': 'status' };
    const sets = ['#status = :status'];
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = typeof value === 'number' ? { N: String(value) } : { S: String(value) };
      sets.push(`#${name} = :${name}`);
    }
    const from = SETTLES_FROM[status];
    from.forEach((previous, i) => (values[`:from${i}`] = { S: previous }));
    try {
      await withStoreDeadline(deadline, () =>
        client.send(
          new sdk.UpdateItemCommand({
            TableName: this.table(),
            Key: { batchId: { S: batchId }, sk: { S: itemSk(index) } },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** A page of the batch's items in index order, from `after` (a page's `next`), optionally of one status. */
  async items(batchId: string, options: { after?: number; limit: number; status?: ItemStatus }, deadline: number): Promise<ItemPage> {
    const { sdk, client } = await this.dynamodb.load();
    const items: BatchItem[] = [];
    let start: Item | undefined = options.after === undefined ? undefined : { batchId: { S: batchId }, sk: { S: itemSk(options.after) } };
    // A status filter is applied after DynamoDB's Limit: keep reading until the page is full or the batch ends.
    do {
      const answer = await withStoreDeadline(deadline, () =>
        client.send(
          new sdk.QueryCommand({
            TableName: this.table(),
            KeyConditionExpression: 'batchId = :batchId AND begins_with(sk, :calls)',
            ExpressionAttributeValues: { ':batchId': { S: batchId }, ':calls': { S: 'call#' }, ...(options.status ? { ':status': { S: options.status } } : {}) },
            ...(options.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
            Limit: options.limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      items.push(...(answer.Items ?? []).map(itemToBatchItem));
      start = answer.LastEvaluatedKey;
    } while (start && items.length < options.limit);
    return { items, ...(start ? { next: Number(start.sk.S!.slice('call#'.length)) } : {}) };
  }

  /** Every item's status and settled time: what the counts are made of. */
  async statuses(batchId: string, deadline: number): Promise<Array<{ status: ItemStatus; settledAt?: number }>> {
    const { sdk, client } = await this.dynamodb.load();
    const all: Array<{ status: ItemStatus; settledAt?: number }> = [];
    let start: Item | undefined;
    do {
      const answer = await withStoreDeadline(deadline, () =>
        client.send(
          new sdk.QueryCommand({
            TableName: this.table(),
            KeyConditionExpression: 'batchId = :batchId AND begins_with(sk, :calls)',
            ExpressionAttributeValues: { ':batchId': { S: batchId }, ':calls': { S: 'call#' } },
            ProjectionExpression: '#status, settledAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const item of answer.Items ?? []) {
        all.push({ status: item.status.S as ItemStatus, ...(item.settledAt ? { settledAt: Number(item.settledAt.N) } : {}) });
      }
      start = answer.LastEvaluatedKey;
    } while (start);
    return all;
  }

  private table(): string {
    if (!this.settings.tableName) {
      throw new ProblemError('batches_unavailable', {
        detail: 'This deployment has no batches table (BATCHES_TABLE is not set), so batches cannot be kept. Nothing was queued.',
      });
    }
    return this.settings.tableName;
  }
}

function batchToItem(batch: BatchRecord): Item {
  return {
    batchId: { S: batch.batchId },
    sk: { S: BATCH_SK },
    owner: { S: batch.owner },
    total: { N: String(batch.total) },
    createdAt: { N: String(batch.createdAt) },
    dryRun: { BOOL: batch.dryRun },
    expiration: { N: String(batch.expiration) },
    ...(batch.label === undefined ? {} : { label: { S: batch.label } }),
    ...(batch.kind === undefined ? {} : { kind: { S: batch.kind } }),
  };
}

function itemToBatch(item: Item): BatchRecord {
  return {
    batchId: item.batchId.S!,
    owner: item.owner.S!,
    total: Number(item.total.N),
    createdAt: Number(item.createdAt.N),
    dryRun: item.dryRun?.BOOL === true,
    expiration: Number(item.expiration.N),
    ...(item.label ? { label: item.label.S! } : {}),
    ...(item.cancelledAt ? { cancelledAt: Number(item.cancelledAt.N) } : {}),
    ...(item.dialledAt ? { dialledAt: Number(item.dialledAt.N) } : {}),
    ...(item.kind?.S === 'call' ? { kind: 'call' as const } : {}),
  };
}

const TEXT_FIELDS = ['to', 'toCountry', 'conversationId', 'code', 'detail', 'field'] as const;

function itemToItem(batchId: string, item: BatchItem, expiration: number): Item {
  const stored: Item = { batchId: { S: batchId }, sk: { S: itemSk(item.index) }, index: { N: String(item.index) }, status: { S: item.status }, expiration: { N: String(expiration) } };
  for (const field of TEXT_FIELDS) if (item[field] !== undefined) stored[field] = { S: item[field] };
  if (item.settledAt !== undefined) stored.settledAt = { N: String(item.settledAt) };
  if (item.at !== undefined) stored.at = { N: String(item.at) };
  return stored;
}

function itemToBatchItem(item: Item): BatchItem {
  const read: Record<string, unknown> = { index: Number(item.index.N), status: item.status.S };
  for (const field of TEXT_FIELDS) if (item[field]?.S !== undefined) read[field] = item[field].S;
  if (item.settledAt) read.settledAt = Number(item.settledAt.N);
  if (item.at) read.at = Number(item.at.N);
  return read as unknown as BatchItem;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Runs `work` on every element, at most `width` at once. */
export async function inParallel<T>(elements: readonly T[], width: number, work: (element: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < elements.length) {
      const element = elements[next];
      next += 1;
      await work(element);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, elements.length) }, worker));
}

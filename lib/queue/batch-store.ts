import type { AttributeValue, UpdateItemInput } from '@aws-sdk/client-dynamodb';
import type { BatchSettings } from '../config';
import type { LazyDynamoDB } from '../aws/dynamodb-client';
import { withStoreDeadline } from '../aws/store-deadline';
import { ProblemError } from '../problems/errors';
import type { BatchItem, BatchRecord, SettledStatus, StoredStatus } from './batch-item';
import { SETTLES_FROM } from './batch-item';

type Item = Record<string, AttributeValue>;

/** The sort key of the batch record, of each item (zero-padded, so items sort by index), and of each sent chunk. */
const BATCH_SK = 'batch';
const ITEM_PREFIX = 'call#';
const SENT_PREFIX = 'sent#';
const pad = (index: number) => String(index).padStart(5, '0');
const itemSk = (index: number) => `${ITEM_PREFIX}${pad(index)}`;
const indexOf = (row: Item) => Number(row.sk.S!.slice(row.sk.S!.indexOf('#') + 1));

/** BatchWriteItem takes at most 25 writes. */
const WRITES_PER_REQUEST = 25;
/**
 * BatchWriteItems in flight at once while a batch is written: 10,000 items are 400 requests, and a
 * table on demand takes them as fast as they come (each partition up to 1,000 writes a second:
 * a batch's items share one partition key, so this is what bounds it).
 */
const WRITES_AT_ONCE = 16;
/** Writes DynamoDB left unprocessed are sent again this many times at most. */
const UNPROCESSED_RESENDS = 5;

/** One item's index, stored status and settled time: what a batch's counts are made of. */
export interface ItemState {
  readonly index: number;
  readonly status: StoredStatus;
  readonly settledAt?: number;
  readonly deadLetterAt?: number;
}

/** A page of items and where the next one starts. */
export interface ItemPage {
  readonly items: readonly BatchItem[];
  /** The index of the page's last item, when more may follow: the next page starts after it. */
  readonly next?: number;
}

/**
 * BATCHES_TABLE (key `batchId` + `sk`): one record per batch (`sk` = `batch`), one item per call
 * (`sk` = `call#00042`) and, while a batch is being accepted, one row per chunk of messages SQS took
 * (`sk` = `sent#00040`, accept-batch.ts), all gone by TTL. Plain DynamoDB operations that DynamoDB Local and
 * dynalite both have (no transactions): an item's status changes only by a conditional update from
 * the statuses it may leave (batch-item.ts), and the batch's counts are counted from its items, so
 * they add up to the total whatever order the dialers settle them in.
 */
export class BatchStore {
  constructor(
    private readonly settings: BatchSettings,
    private readonly dynamodb: LazyDynamoDB,
  ) {}

  /** Writes the batch record (only if new) and its items: a batch written whole (a call for later). */
  async create(batch: BatchRecord, items: readonly BatchItem[], deadline: number): Promise<void> {
    const { sdk, client } = await this.dynamodb.load();
    await withStoreDeadline(deadline, () =>
      client.send(new sdk.PutItemCommand({ TableName: this.table(), Item: batchToItem(batch), ConditionExpression: 'attribute_not_exists(batchId)' })),
    );
    await this.writeItems(batch.batchId, items, batch.expiration, deadline);
  }

  /**
   * Writes a new batch's record, `accepting` (accept-batch.ts): `undefined` when it is new, or the
   * record already kept under its id (a retry of the same request, a duplicate delivery).
   */
  async begin(batch: BatchRecord, deadline: number): Promise<BatchRecord | undefined> {
    const { sdk, client } = await this.dynamodb.load();
    try {
      await withStoreDeadline(deadline, () =>
        client.send(new sdk.PutItemCommand({ TableName: this.table(), Item: batchToItem({ ...batch, state: 'accepting' }), ConditionExpression: 'attribute_not_exists(batchId)' })),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const kept = await this.get(batch.batchId, deadline);
    if (!kept) throw new Error('the batch record was there, then was not');
    return kept;
  }

  /**
   * Writes items whole, 25 to a BatchWriteItem, WRITES_AT_ONCE at a time, each write bounded by
   * `deadline`. Only for items no dialer can be settling: before their messages are sent.
   */
  async writeItems(batchId: string, items: readonly BatchItem[], expiration: number, deadline: number): Promise<void> {
    const writes = items.map((item) => ({ PutRequest: { Item: itemToItem(batchId, item, expiration) } }));
    await this.batchWrite(writes, deadline);
  }

  /**
   * Records that SQS (or Scheduler) took these items' messages: one row per sent chunk (`sent#…`),
   * beside the items, which the dialer may be settling meanwhile and are not touched.
   */
  async confirm(batchId: string, chunks: ReadonlyArray<readonly number[]>, expiration: number, deadline: number): Promise<void> {
    const writes = chunks.map((indexes) => ({
      PutRequest: { Item: { batchId: { S: batchId }, sk: { S: `${SENT_PREFIX}${pad(indexes[0])}` }, indexes: { S: indexes.join(',') }, expiration: { N: String(expiration) } } },
    }));
    await this.batchWrite(writes, deadline);
  }

  /** The indexes of the items whose messages (or schedules) were confirmed sent. */
  async confirmed(batchId: string, deadline: number): Promise<Set<number>> {
    const sent = new Set<number>();
    for (const row of await this.query(batchId, SENT_PREFIX, { projection: '#indexes', names: { '#indexes': 'indexes' } }, deadline)) {
      for (const index of row.indexes.S!.split(',')) sent.add(Number(index));
    }
    return sent;
  }

  /** Every item's index and stored status: what a resumed acceptance must not write again. */
  async kept(batchId: string, deadline: number): Promise<Map<number, StoredStatus>> {
    const rows = await this.query(batchId, ITEM_PREFIX, { projection: 'sk, #status', names: { '#status': 'status' } }, deadline);
    return new Map(rows.map((row) => [indexOf(row), row.status.S as StoredStatus]));
  }

  /** The batch is accepted: every message sent and each refusal settled. `queued` is what its 202 says. */
  async accept(batchId: string, queued: number, deadline: number): Promise<void> {
    const { sdk, client } = await this.dynamodb.load();
    await withStoreDeadline(deadline, () =>
      client.send(
        new sdk.UpdateItemCommand({
          TableName: this.table(),
          Key: { batchId: { S: batchId }, sk: { S: BATCH_SK } },
          UpdateExpression: 'SET queued = :queued REMOVE #state',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':queued': { N: String(queued) } },
        }),
      ),
    );
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

  private conditionalSet(batchId: string, update: string, condition: string, at: number, deadline: number): Promise<boolean> {
    return this.updateIf(
      { Key: { batchId: { S: batchId }, sk: { S: BATCH_SK } }, UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeValues: { ':at': { N: String(at) } } },
      deadline,
    );
  }

  /** One conditional UpdateItem on the table, bounded like every store call: false when its condition failed. */
  private async updateIf(update: Omit<UpdateItemInput, 'TableName'>, deadline: number): Promise<boolean> {
    const { sdk, client } = await this.dynamodb.load();
    try {
      await withStoreDeadline(deadline, () => client.send(new sdk.UpdateItemCommand({ TableName: this.table(), ...update })));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Marks an item still waiting on the queue (`queued` or `scheduled`) as tried on its message's
   * last receive by an invocation that ends at `until`: unless that try settles it, it counts as
   * `deadLettered` from then (batch-progress.ts). False when it had already moved on.
   */
  markLastReceive(batchId: string, index: number, until: number, deadline: number): Promise<boolean> {
    return this.updateIf(
      {
        Key: { batchId: { S: batchId }, sk: { S: itemSk(index) } },
        UpdateExpression: 'SET deadLetterAt = :until',
        ConditionExpression: '#status IN (:queued, :scheduled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':until': { N: String(until) }, ':queued': { S: 'queued' }, ':scheduled': { S: 'scheduled' } },
      },
      deadline,
    );
  }

  /**
   * Settles an item: its status and what is known, only from a status it may leave. False when it
   * had already moved on (another delivery of the same message settled it first).
   */
  settle(batchId: string, index: number, status: SettledStatus, fields: Omit<BatchItem, 'index' | 'status'>, deadline: number): Promise<boolean> {
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
    return this.updateIf(
      {
        Key: { batchId: { S: batchId }, sk: { S: itemSk(index) } },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
      deadline,
    );
  }

  /**
   * A page of the batch's items in index order, from `after` (a page's `next`), optionally of some
   * stored statuses and only those `keep` keeps.
   */
  async items(batchId: string, options: { after?: number; limit: number; statuses?: readonly StoredStatus[]; keep?: (item: BatchItem) => boolean }, deadline: number): Promise<ItemPage> {
    const { sdk, client } = await this.dynamodb.load();
    const items: BatchItem[] = [];
    let start: Item | undefined = options.after === undefined ? undefined : { batchId: { S: batchId }, sk: { S: itemSk(options.after) } };
    const statuses = options.statuses ?? [];
    const filter = statuses.length === 0 ? {} : {
      FilterExpression: `#status IN (${statuses.map((_, i) => `:status${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
    };
    // A status filter is applied after DynamoDB's Limit: keep reading until the page is full or the batch ends.
    do {
      const answer = await withStoreDeadline(deadline, () =>
        client.send(
          new sdk.QueryCommand({
            TableName: this.table(),
            KeyConditionExpression: 'batchId = :batchId AND begins_with(sk, :calls)',
            ExpressionAttributeValues: { ':batchId': { S: batchId }, ':calls': { S: ITEM_PREFIX }, ...Object.fromEntries(statuses.map((status, i) => [`:status${i}`, { S: status }])) },
            ...filter,
            Limit: options.limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const row of answer.Items ?? []) {
        const item = itemToBatchItem(row);
        if (!options.keep || options.keep(item)) items.push(item);
      }
      start = answer.LastEvaluatedKey;
    } while (start && items.length < options.limit);
    // The next page starts after the last item read (kept or not), when more may follow.
    return { items, ...(start ? { next: indexOf(start) } : {}) };
  }

  /** Every item's index, stored status and settled time: what the counts are made of. */
  async statuses(batchId: string, deadline: number): Promise<ItemState[]> {
    const rows = await this.query(batchId, ITEM_PREFIX, { projection: 'sk, #status, settledAt, deadLetterAt', names: { '#status': 'status' } }, deadline);
    return rows.map((row) => ({
      index: indexOf(row),
      status: row.status.S as StoredStatus,
      ...(row.settledAt ? { settledAt: Number(row.settledAt.N) } : {}),
      ...(row.deadLetterAt ? { deadLetterAt: Number(row.deadLetterAt.N) } : {}),
    }));
  }

  /** Every row of the batch whose sort key begins with `prefix`, all pages. */
  private async query(batchId: string, prefix: string, options: { projection: string; names?: Record<string, string> }, deadline: number): Promise<Item[]> {
    const { sdk, client } = await this.dynamodb.load();
    const rows: Item[] = [];
    let start: Item | undefined;
    do {
      const answer = await withStoreDeadline(deadline, () =>
        client.send(
          new sdk.QueryCommand({
            TableName: this.table(),
            KeyConditionExpression: 'batchId = :batchId AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':batchId': { S: batchId }, ':prefix': { S: prefix } },
            ProjectionExpression: options.projection,
            ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      rows.push(...(answer.Items ?? []));
      start = answer.LastEvaluatedKey;
    } while (start);
    return rows;
  }

  /**
   * BatchWriteItem, 25 writes a request, WRITES_AT_ONCE requests at a time, each bounded by
   * `deadline`; the writes DynamoDB leaves unprocessed (throttling) are sent again.
   */
  private async batchWrite(writes: ReadonlyArray<{ PutRequest: { Item: Item } }>, deadline: number): Promise<void> {
    const { sdk, client } = await this.dynamodb.load();
    const table = this.table();
    const chunks: Array<typeof writes> = [];
    for (let i = 0; i < writes.length; i += WRITES_PER_REQUEST) chunks.push(writes.slice(i, i + WRITES_PER_REQUEST));
    await inParallel(chunks, WRITES_AT_ONCE, async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt === UNPROCESSED_RESENDS) throw new Error(`BatchWriteItem left writes unprocessed ${UNPROCESSED_RESENDS} times`);
        const answer = await withStoreDeadline(deadline, () => client.send(new sdk.BatchWriteItemCommand({ RequestItems: { [table]: pending as typeof writes[number][] } })));
        pending = (answer.UnprocessedItems?.[table] ?? []) as typeof chunk;
      }
    });
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
    ...(batch.state === undefined ? {} : { state: { S: batch.state } }),
    ...(batch.queued === undefined ? {} : { queued: { N: String(batch.queued) } }),
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
    ...(item.state?.S === 'accepting' ? { state: 'accepting' as const } : {}),
    ...(item.queued ? { queued: Number(item.queued.N) } : {}),
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
  if (item.deadLetterAt) read.deadLetterAt = Number(item.deadLetterAt.N);
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

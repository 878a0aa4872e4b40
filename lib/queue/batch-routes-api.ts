import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiGatewayEvent } from '../http/api-gateway';
import { apiRequestId, callerIdentity, jsonResult } from '../http/api-gateway';
import { mayRead } from '../access/read-access';
import { ProblemError } from '../problems/errors';
import { logProblem } from '../problems/log-problem';
import { problemResult, toProblem } from '../problems/problem';
import { logger } from '../telemetry/logger';
import { countProblem } from '../telemetry/metrics';
import type { BatchItem, BatchRecord, ItemStatus, StoredStatus } from './batch-item';
import { ITEM_STATUSES, SENT_AS } from './batch-item';
import { progressOf, viewStatus } from './batch-progress';
import type { BatchStore } from './batch-store';
import { storeProblem } from './store-problem';
import type { BatchesParts } from './batches-parts';

const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Items a page holds by default, and at most. */
const PAGE = { default: 100, max: 1000 } as const;
const CURSOR = /^\d{1,5}$/;

type Route = (batch: BatchRecord, event: ApiGatewayEvent, parts: BatchesParts, deadline: number) => Promise<APIGatewayProxyResult>;

/**
 * The batch routes, each answering only the principal that created the batch (or, with
 * CALL_READ_ACCESS=account, any principal allowed to invoke the route): any other caller, like an id
 * that names no batch, gets `404 batch_not_found` (the API is no oracle for other callers' batches).
 */
/**
 * The stored statuses an item told as another is stored in: `notQueued` is `queued` (or `scheduled`)
 * not confirmed sent; `deadLettered` also a waiting item whose last receive's function died.
 */
const VIEWED_FROM: Partial<Record<ItemStatus, readonly StoredStatus[]>> = {
  notQueued: SENT_AS,
  deadLettered: ['deadLettered', ...SENT_AS],
};

export const BATCH_ROUTES = {
  /** `GET /batches/{batchId}`: status, counts by item status (adding up to total), times and rate. */
  progress: async (batch, _event, { batches }, deadline) => jsonResult(200, await progress(batch, batches, deadline)),
  /** `GET /batches/{batchId}/calls?status=&limit=&after=`: a page of items in index order, numbers masked. */
  calls: async (batch, event, { batches }, deadline) => {
    const query = event.queryStringParameters ?? {};
    const status = readStatus(query.status);
    const limit = readLimit(query.limit);
    const after = readCursor(query.after);
    const confirmed = batch.state === 'accepting' ? await batches.confirmed(batch.batchId, deadline) : undefined;
    const now = Date.now();
    const view = (item: BatchItem) => viewStatus(batch, confirmed, item, now);
    // A status as the API tells it, from the stored statuses it may be told of (batch-progress.ts).
    const statuses = status === undefined ? undefined : (VIEWED_FROM[status] ?? [status as StoredStatus]);
    const page = await batches.items(batch.batchId, { limit, ...(statuses ? { statuses, keep: (item) => view(item) === status } : {}), ...(after === undefined ? {} : { after }) }, deadline);
    const items = page.items.map((item) => {
      const { deadLetterAt: _internal, ...shown } = item;
      return { ...shown, status: view(item) };
    });
    return jsonResult(200, { batchId: batch.batchId, items, ...(page.next === undefined ? {} : { next: String(page.next) }) });
  },
  /** `DELETE /batches/{batchId}`: the items not yet dialled are settled `cancelled` as the dialer meets them, none dialled. */
  cancel: async (batch, _event, { batches }, deadline) => {
    await batches.cancel(batch.batchId, Date.now(), deadline);
    const current = (await batches.get(batch.batchId, deadline)) ?? batch;
    return jsonResult(202, await progress(current, batches, deadline));
  },
} as const satisfies Record<string, Route>;

/** The batch's progress: its items' statuses as the API tells them (batch-progress.ts). */
async function progress(batch: BatchRecord, batches: BatchStore, deadline: number) {
  const [items, confirmed] = await Promise.all([
    batches.statuses(batch.batchId, deadline),
    batch.state === 'accepting' ? batches.confirmed(batch.batchId, deadline) : Promise.resolve(undefined),
  ]);
  return progressOf(batch, items, Date.now(), confirmed);
}

export async function batchRouteApi(route: keyof typeof BATCH_ROUTES, event: ApiGatewayEvent, context: Context, parts: () => BatchesParts): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const batchId = event.pathParameters?.batchId ?? '';
  const logFields = () => ({ apiGatewayRequestId: apiRequestId(event), durationMs: Date.now() - startedAt });
  try {
    if (!BATCH_ID.test(batchId)) throw notFound();
    const deps = parts();
    const batch = await deps.batches.get(batchId, deadline);
    // Who may read a batch is decided where it is for calls (CALL_READ_ACCESS: its owner, or the account).
    if (batch === undefined || !mayRead(batch.owner, callerIdentity(event), deps.config.calls.readAccess)) throw notFound();
    const answer = await BATCH_ROUTES[route](batch, event, deps, deadline);
    logger.info(`batch ${route}`, { outcome: `batch_${route}`, status: answer.statusCode, batchId, ...logFields() });
    return answer;
  } catch (error) {
    const problem = toProblem(storeProblem(error));
    logProblem(problem, logFields());
    countProblem(problem);
    return problemResult(problem);
  }
}

function notFound(): ProblemError {
  return new ProblemError('batch_not_found', { detail: 'You created no batch with this id (or it has expired). A batch is shown only to the IAM principal that created it.' });
}

function readStatus(value: string | undefined): ItemStatus | undefined {
  if (value === undefined) return undefined;
  if (!(ITEM_STATUSES as readonly string[]).includes(value)) {
    throw new ProblemError('invalid_request', { detail: `status must be one of ${ITEM_STATUSES.join(', ')}.`, field: 'status' });
  }
  return value as ItemStatus;
}

function readLimit(value: string | undefined): number {
  if (value === undefined) return PAGE.default;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE.max) throw new ProblemError('invalid_request', { detail: `limit must be a whole number from 1 to ${PAGE.max}.`, field: 'limit' });
  return limit;
}

function readCursor(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!CURSOR.test(value)) throw new ProblemError('invalid_request', { detail: "after must be a page's next value (an item's index), as the previous page answered it.", field: 'after' });
  return Number(value);
}

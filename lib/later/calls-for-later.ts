import { createHash, randomUUID } from 'node:crypto';
import { mayRead } from '../access/read-access';
import type { Config } from '../config';
import { ProblemError } from '../problems/errors';
import type { LaterSchedules } from './schedules';

/**
 * A call for later is kept as a batch of one call in BATCHES_TABLE (lib/queue/): its callId is the
 * batch id, its one item says where it stands (`scheduled`, `deferred`, then what the dialer made
 * of it), and the dialer settles it as it settles any batch's item. What of that store this room
 * uses, by shape (lib/queue is another use case: lib/container.ts hands it over).
 */
export interface LaterRecords {
  create(batch: LaterBatch, items: readonly LaterItem[], deadline: number): Promise<void>;
  get(batchId: string, deadline: number): Promise<LaterBatch | undefined>;
  items(batchId: string, options: { limit: number }, deadline: number): Promise<{ readonly items: readonly LaterItem[] }>;
  /** False when it was cancelled already, or the dialer has taken the call (`dialledAt`): one conditional write. */
  cancel(batchId: string, at: number, deadline: number): Promise<boolean>;
  settle(batchId: string, index: number, status: 'cancelled', fields: { settledAt: number }, deadline: number): Promise<boolean>;
}

export interface LaterBatch {
  readonly batchId: string;
  readonly owner: string;
  readonly total: number;
  readonly createdAt: number;
  readonly dryRun: boolean;
  readonly expiration: number;
  readonly kind?: 'call';
  readonly label?: string;
  readonly cancelledAt?: number;
  /** When the dialer took the call, before dialling it: from then on a cancel is too late. */
  readonly dialledAt?: number;
}

export interface LaterItem {
  readonly index: number;
  readonly status: string;
  readonly to?: string;
  readonly toCountry?: string;
  readonly conversationId?: string;
  readonly code?: string;
  readonly detail?: string;
  readonly at?: number;
}

export interface LaterParts {
  readonly config: Config;
  readonly records: LaterRecords;
  readonly schedules: LaterSchedules;
  /** The dial queue message of a call for later (lib/queue/dial-message.ts's format). */
  readonly dialMessage: (callId: string, caller: string, call: Readonly<Record<string, unknown>>) => string;
}

/** How far ahead a call may be scheduled. */
export const LATEST_AT_MS = 366 * 86_400_000;

/** What `POST /calls` answers for a call for later: `202`. */
export interface Scheduled {
  readonly callId: string;
  readonly status: 'scheduled';
  /** RFC 3339, UTC: when the call will be dialled. */
  readonly at: string;
}

/** A request's `at`, checked against `now`: in the future, at most a year ahead. Throws `400 invalid_request`. */
export function readAt(at: string, now: number): Date {
  const instant = Date.parse(at);
  if (instant <= now) throw new ProblemError('invalid_request', { detail: `at (${at}) is not in the future; leave it out to call now.`, field: 'at' });
  if (instant - now > LATEST_AT_MS) throw new ProblemError('invalid_request', { detail: `at (${at}) is more than a year ahead.`, field: 'at' });
  return new Date(instant);
}

/**
 * The callId of a call for later. With an Idempotency-Key it is derived from the caller's scoped
 * key, so that a retry that outlived the idempotency record (a crash between the schedule and the
 * answer) makes the same record and, with the same client token, the same schedule: one call.
 */
export function callIdFor(scopedKey: string | undefined): { callId: string; clientToken?: string } {
  if (scopedKey === undefined) return { callId: randomUUID() };
  const hex = createHash('sha256').update(`later:${scopedKey}`).digest('hex');
  const callId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { callId, clientToken: hex.slice(0, 64) };
}

/**
 * Schedules one call: its record (a batch of one, item `scheduled`), then its one-time schedule,
 * which sends the dial message to the dial queue at `at`. A retry with the same callId finds the
 * record made and makes the same schedule (the client token): one call.
 */
export async function scheduleCall(
  parts: LaterParts,
  request: { callId: string; clientToken?: string; caller: string; at: Date; call: Readonly<Record<string, unknown>>; to: string; toCountry?: string; label?: string },
  deadline: number,
): Promise<Scheduled> {
  const { callId, caller, at } = request;
  const createdAt = Date.now();
  // Kept until well after the call: GET /calls/{callId} answers for it as long as for a call placed now.
  const expiration = Math.floor(at.getTime() / 1000) + parts.config.batches.recordDays * 86_400;
  try {
    await parts.records.create(
      { batchId: callId, owner: caller, total: 1, createdAt, dryRun: false, expiration, kind: 'call', ...(request.label === undefined ? {} : { label: request.label }) },
      [{ index: 0, status: 'scheduled', to: request.to, ...(request.toCountry ? { toCountry: request.toCountry } : {}), at: at.getTime() }],
      deadline,
    );
  } catch (error) {
    // The same callId made already (a retry of the same key): its schedule is made again, the same one.
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
  // The message carries the call as asked, less what only its scheduling needed.
  const { at: _at, outsideHours: _outsideHours, ...call } = request.call;
  await parts.schedules.create({ name: callId, at, message: parts.dialMessage(callId, caller, call), ...(request.clientToken ? { clientToken: request.clientToken } : {}) }, deadline);
  return { callId, status: 'scheduled', at: at.toISOString() };
}

/** What a caller may be told of a call for later: undefined when it is not theirs (or not one). */
export async function callForLater(parts: Pick<LaterParts, 'records' | 'config'>, callId: string, caller: string, deadline: number): Promise<{ batch: LaterBatch; item: LaterItem } | undefined> {
  // A stack without a batches table keeps no call for later: the id is simply not one.
  if (!parts.config.batches.tableName) return undefined;
  const batch = await parts.records.get(callId, deadline);
  // Who may see it is decided where it is for calls and batches (CALL_READ_ACCESS: its owner, or the account).
  if (!batch || batch.kind !== 'call' || !mayRead(batch.owner, caller, parts.config.calls.readAccess)) return undefined;
  const [item] = (await parts.records.items(callId, { limit: 1 }, deadline)).items;
  return item ? { batch, item } : undefined;
}

/**
 * Cancels a call for later: `cancelled` when it was, `dialled` when it is too late (the dialer
 * placed it, may have, or has taken it to dial), `not_found` when it is not the caller's. The cancel
 * and the dialer's claim are conditional writes on the same record (`cancelledAt` unless
 * `dialledAt`, `dialledAt` unless `cancelledAt`): whichever comes first stands, so a 204 means the
 * call will not ring and a call that rings was never answered 204. Then the item says cancelled and
 * the schedule is deleted; a schedule that fires meanwhile finds its call cancelled.
 */
export async function cancelCall(parts: LaterParts, callId: string, caller: string, deadline: number): Promise<'cancelled' | 'dialled' | 'not_found'> {
  const found = await callForLater(parts, callId, caller, deadline);
  if (!found) return 'not_found';
  // Placed (or may have been): too late, whatever the record says (one written before claims were).
  if (found.item.status === 'placed' || found.item.status === 'mayHaveBeenPlaced') return 'dialled';
  if (!(await parts.records.cancel(callId, Date.now(), deadline))) {
    // Cancelled before (the same answer again), or taken by the dialer: read what stands now.
    const now = (await callForLater(parts, callId, caller, deadline)) ?? found;
    return now.batch.cancelledAt === undefined && tooLate(now.item.status) ? 'dialled' : 'cancelled';
  }
  // Its item says so at once (the dialer may never meet it: its schedule is deleted next). It may
  // have settled first as failed (checked again at dial time): it will not ring either.
  await parts.records.settle(callId, 0, 'cancelled', { settledAt: Date.now() }, deadline);
  await parts.schedules.delete(callId, deadline);
  return 'cancelled';
}

/** A call the dialer took may still ring unless it failed (it will not ring: a cancel is answered 204). */
function tooLate(status: string): boolean {
  return status !== 'failed' && status !== 'cancelled';
}

/** The room's operations on one container's parts: what lib/container.ts hands the use cases that reach it. */
export function laterCalls(parts: LaterParts) {
  return {
    parts,
    readAt,
    callIdFor,
    schedule: (request: Parameters<typeof scheduleCall>[1], deadline: number) => scheduleCall(parts, request, deadline),
    find: (callId: string, caller: string, deadline: number) => callForLater(parts, callId, caller, deadline),
    cancel: (callId: string, caller: string, deadline: number) => cancelCall(parts, callId, caller, deadline),
  };
}

export type LaterCalls = ReturnType<typeof laterCalls>;

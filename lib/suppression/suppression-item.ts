import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The items of SUPPRESSIONS_TABLE. Every item is about one number, named only by its keyed hash
 * (HMAC-SHA256 under the stack's hash key, base64url): nothing in the table is a number or can be
 * turned back into one without the key. The key attribute `id` is `<kind>#<hash>`: a listed number
 * and its attempt counts are two items, so that adding or removing a number never touches the
 * attempts the law counts.
 */
export const ITEM_KINDS = {
  /** The number is on the list (unless its expiry has passed). */
  listed: 'listed',
  /** The number's recent call attempts, for MAX_ATTEMPTS_PER_NUMBER. */
  attempts: 'attempts',
} as const;
export type ItemKind = keyof typeof ITEM_KINDS;

export type Item = Record<string, AttributeValue>;

export function itemId(kind: ItemKind, numberKey: string): string {
  return `${ITEM_KINDS[kind]}#${numberKey}`;
}

/** A listed number as the table keeps it. */
export interface ListedEntry {
  /** Epoch ms. */
  readonly addedAt: number;
  /** Why it was listed, masked like labels (no number in it). */
  readonly reason?: string;
  /** Epoch ms after which the number may be called again. */
  readonly expiresAt?: number;
  /**
   * Who listed it: the caller identity that scopes idempotency keys (lib/http/api-gateway.ts). The
   * details of a listing are answered to it alone, unless reads are open to the account.
   */
  readonly addedBy?: string;
}

/** A number's recent attempts and the version they were written at (0: no item yet). */
export interface AttemptLog {
  /** Epoch ms of each attempt still inside the longest window when last written. */
  readonly attempts: readonly number[];
  readonly version: number;
}

export function listedItem(numberKey: string, entry: ListedEntry): Item {
  return {
    id: { S: itemId('listed', numberKey) },
    addedAt: { N: String(entry.addedAt) },
    ...(entry.reason === undefined ? {} : { reason: { S: entry.reason } }),
    ...(entry.addedBy === undefined ? {} : { addedBy: { S: entry.addedBy } }),
    // TTL (`expiration`, epoch seconds) deletes the item some time after its expiry, up to days
    // later: reads check `expiresAt` themselves.
    ...(entry.expiresAt === undefined ? {} : { expiresAt: { N: String(entry.expiresAt) }, expiration: { N: String(Math.ceil(entry.expiresAt / 1000)) } }),
  };
}

export function fromListedItem(item: Item): ListedEntry {
  return {
    addedAt: Number(item.addedAt?.N ?? 0),
    ...(item.reason?.S === undefined ? {} : { reason: item.reason.S }),
    ...(item.expiresAt?.N === undefined ? {} : { expiresAt: Number(item.expiresAt.N) }),
    ...(item.addedBy?.S === undefined ? {} : { addedBy: item.addedBy.S }),
  };
}

/** `expiresAfter`: epoch ms after which none of the attempts counts any more (TTL may then delete the item). */
export function attemptsItem(numberKey: string, log: AttemptLog, expiresAfter: number): Item {
  return {
    id: { S: itemId('attempts', numberKey) },
    attempts: { L: log.attempts.map((at) => ({ N: String(at) })) },
    version: { N: String(log.version) },
    expiration: { N: String(Math.ceil(expiresAfter / 1000)) },
  };
}

export function fromAttemptsItem(item: Item | undefined): AttemptLog {
  if (item === undefined) return { attempts: [], version: 0 };
  return {
    attempts: (item.attempts?.L ?? []).map((value) => Number(value.N)).filter(Number.isFinite),
    version: Number(item.version?.N ?? 0),
  };
}

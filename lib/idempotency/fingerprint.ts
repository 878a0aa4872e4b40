import { createHmac, hkdfSync } from 'node:crypto';
import type { StackHashKey } from '../aws/hash-key';

/**
 * What the stack's hash key is derived for here (lib/aws/hash-key.ts): fingerprints and nothing
 * else; changing the scheme (v3) changes every fingerprint at once. v1 was keyed by the OAuth client
 * secret (`legacyFingerprint`).
 */
export const FINGERPRINT_PURPOSE = 'genesys-outbound-call/idempotency-fingerprint/v2';

/**
 * How a request's fingerprint is made, now and before. `legacy` exists for the records written
 * before the stack had its hash key (docs/idempotency.md, "Migration"): absent, there is none.
 */
export interface RequestFingerprints {
  /** The fingerprint under the stack's hash key; `deadline` bounds the key's first read. */
  current(request: unknown, deadline: number): Promise<string>;
  /** The fingerprint as version 1 made it, keyed by the OAuth client secret of this container. */
  legacy?(request: unknown, deadline: number): Promise<string>;
}

/**
 * What the store keeps to tell "the same request" from another under one key: HMAC-SHA256, under
 * the stack's hash key, of the request in a canonical form (object keys sorted, so two spellings of
 * one request agree). The request holds the full number; without the key, its fingerprint cannot be
 * checked against guesses, so the masked number stored beside it cannot be completed by brute force.
 * The key is the stack's own and never rotated, so a retry made after the OAuth client's secret was
 * rotated has the same fingerprint as the request it retries.
 */
export function fingerprintOf(hashKey: Pick<StackHashKey, 'hmac'>, request: unknown, deadline: number): Promise<string> {
  return hashKey.hmac(FINGERPRINT_PURPOSE, canonicalJson(request), deadline);
}

/** Version 1's label: the key was HKDF-SHA256 of the Genesys OAuth client secret with this info. */
const LEGACY_KEY_INFO = 'genesys-outbound-call/idempotency-fingerprint/v1';

/**
 * A fingerprint as version 1 made it: HMAC-SHA256 under a key derived from the Genesys OAuth client
 * secret. Only compared with records written before the upgrade (they expire with the window); a
 * rotation of that secret changed it, which is why the stack's hash key replaced it.
 */
export function legacyFingerprint(clientSecret: string, request: unknown): string {
  const key = Buffer.from(hkdfSync('sha256', clientSecret, Buffer.alloc(0), LEGACY_KEY_INFO, 32));
  return createHmac('sha256', key).update(canonicalJson(request)).digest('base64url');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
}

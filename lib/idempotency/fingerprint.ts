import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Names what the derived key is for, so the key is used for fingerprints and nothing else, and
 * changing the scheme (v2) changes every fingerprint at once.
 */
const KEY_INFO = 'genesys-outbound-call/idempotency-fingerprint/v1';

/**
 * The key that fingerprints are made with, derived from the Genesys OAuth client secret: a secret
 * the idempotency table never holds, read from Secrets Manager as the container reads it anyway
 * for its first call. HKDF (RFC 5869) rather than the secret itself: what the HMAC sees is a key
 * made for this purpose only. Why this key, and what it costs: docs/idempotency.md.
 */
export function fingerprintKey(clientSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', clientSecret, Buffer.alloc(0), KEY_INFO, 32));
}

/**
 * What the store keeps to tell "the same request" from another under one key: HMAC-SHA256 of the
 * request in a canonical form (object keys sorted, so two spellings of one request agree). The
 * request holds the full number; without the key, its fingerprint cannot be checked against
 * guesses, so the masked number stored beside it cannot be completed by brute force.
 */
export function fingerprint(key: Buffer, request: unknown): string {
  return createHmac('sha256', key).update(canonicalJson(request)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
}

import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from '../phone/numbers';
import type { PhonePolicy } from '../config';
import { normalizePhoneNumber } from '../calls/phone';
import { ProblemError } from '../problems/errors';
import { maskNumbersIn } from '../telemetry/masking';

/** Numbers per `POST /suppressions` or `POST /suppressions/remove`. */
export const MAX_NUMBERS_PER_REQUEST = 1000;
/** How far ahead an expiry may be; for longer, list the number without one. */
export const MAX_EXPIRY_MS = 10 * 366 * 86_400_000;

/** Every field an item (or `POST /suppressions/check`'s body) may have, by route. */
const FIELDS = {
  add: ['to', 'country', 'reason', 'expiresAt'],
  remove: ['to', 'country'],
  check: ['to', 'country'],
} as const;
export type NumbersRoute = 'add' | 'remove';

const LIMITS = { to: 64, reason: 200 } as const;

// RFC 3339 with its offset: a time without one would be read in the function's zone, which is UTC
// in Lambda and something else on a laptop.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * The list holds a number whatever the destination policy says today: a number of a country
 * ALLOWED_COUNTRIES leaves out, or of a blocked type, is still listed, so that widening the policy
 * later never lets it be called. Only being a phone number at all is checked.
 */
const ANY_DESTINATION: Omit<PhonePolicy, 'defaultCountry'> = {
  allowedCountries: '*',
  blockedNumberTypes: new Set(),
  allowNonGeographic: true,
};

/** One valid item of a list request, its number normalized to E.164. */
export interface NumberItem {
  readonly index: number;
  readonly e164: string;
  readonly reason?: string;
  readonly expiresAt?: number;
}

export type ParsedItem = ({ readonly ok: true } & NumberItem) | { readonly ok: false; readonly index: number; readonly problem: ProblemError };

/**
 * `{numbers: [{to, country?, reason?, expiresAt?}, …]}` → one parsed item per index. The request
 * as a whole (not an object, no list, more than 1,000) is refused with `400 invalid_request`; an
 * item at fault fails alone, with the problem code `POST /calls` would give it.
 */
export function parseNumbersRequest(body: unknown, route: NumbersRoute, defaultCountry: CountryCode, now: number): ParsedItem[] {
  const record = body as Record<string, unknown>;
  const extra = Object.keys(record).find((field) => field !== 'numbers');
  if (extra !== undefined) throw invalid(`${maskNumbersIn(extra)} is not a field of this API; send {"numbers": [{"to": "…"}, …]}`, maskNumbersIn(extra));
  const numbers = record.numbers;
  if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > MAX_NUMBERS_PER_REQUEST) {
    throw invalid(`numbers must be a list of 1 to ${MAX_NUMBERS_PER_REQUEST} items such as {"to": "+1 202 555 0143"}`, 'numbers');
  }
  return numbers.map((item, index): ParsedItem => {
    try {
      return { ok: true, index, ...parseItem(item, FIELDS[route], defaultCountry, now) };
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return { ok: false, index, problem: error };
    }
  });
}

/** `POST /suppressions/check`'s `{to, country?}` → the number in E.164, or the problem to answer. */
export function parseCheckRequest(body: unknown, defaultCountry: CountryCode): string {
  return parseItem(body, FIELDS.check, defaultCountry, 0).e164;
}

function parseItem(value: unknown, fields: readonly string[], defaultCountry: CountryCode, now: number): Omit<NumberItem, 'index'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('each number must be a JSON object such as {"to": "+1 202 555 0143"}');
  const item = value as Record<string, unknown>;
  const unknown = Object.keys(item).find((field) => !fields.includes(field));
  // A field name is the caller's text, and may be a number written in the wrong place.
  if (unknown !== undefined) throw invalid(`${maskNumbersIn(unknown)} is not a field of this API (fields: ${fields.join(', ')})`, maskNumbersIn(unknown));
  const to = text(item, 'to', LIMITS.to, true);
  const country = readCountry(item.country);
  const reason = fields.includes('reason') ? text(item, 'reason', LIMITS.reason, false) : undefined;
  const expiresAt = fields.includes('expiresAt') ? readExpiry(item.expiresAt, now) : undefined;
  const number = normalizePhoneNumber('to', to!, { country: country ?? defaultCountry, countryGiven: country !== undefined }, { defaultCountry, ...ANY_DESTINATION });
  return {
    e164: number.e164,
    // A reason is free text: a number written into it is masked like a call's label.
    ...(reason === undefined ? {} : { reason: maskNumbersIn(reason) }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

function text(item: Record<string, unknown>, field: 'to' | 'reason', maxLength: number, required: boolean): string | undefined {
  const value = item[field];
  if (value === undefined) {
    if (required) throw invalid(`${field} is required`, field);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} must be a non-empty string`, field);
  if ([...value].length > maxLength) throw invalid(`${field} must be at most ${maxLength} characters`, field);
  return value;
}

function readCountry(value: unknown): CountryCode | undefined {
  if (value === undefined) return undefined;
  const code = typeof value === 'string' ? value.toUpperCase() : '';
  if (!isSupportedCountry(code)) throw invalid('country must be an ISO 3166 alpha-2 country code such as "US" or "GB"', 'country');
  return code;
}

function readExpiry(value: unknown, now: number): number | undefined {
  if (value === undefined) return undefined;
  const at = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw invalid('expiresAt must be an RFC 3339 time with its offset, such as 2027-01-31T18:00:00Z', 'expiresAt');
  if (at <= now) throw invalid('expiresAt must be in the future; to take a number off the list, use POST /suppressions/remove', 'expiresAt');
  if (at > now + MAX_EXPIRY_MS) throw invalid('expiresAt must be at most 10 years ahead; leave it out to list the number until it is removed', 'expiresAt');
  return at;
}

function invalid(detail: string, field?: string): ProblemError {
  return new ProblemError('invalid_request', { detail: `${detail}.`, ...(field === undefined ? {} : { field }) });
}

import type { CountryCode } from 'libphonenumber-js/max';
import { ParseError, parseIncompletePhoneNumber, parsePhoneNumberWithError, validatePhoneNumberLength } from '../phone/numbers';
import type { NumberTypeName, PhonePolicy } from '../config';
import { ProblemError } from '../problems/errors';
import { maskPhoneNumber } from '../telemetry/masking';

// The full (`/max`) metadata, but for formatting (lib/phone/): validation per country and the number
// type (premium-rate, shared-cost, …), which the destination policy needs. `/min` would only check
// lengths; `/mobile` would tell mobile numbers from the rest and no other type.

export interface PhoneNumber {
  /** `+` followed by country calling code and national number, as Genesys wants it. */
  readonly e164: string;
  readonly country: CountryCode | undefined;
  readonly type: NumberTypeName;
}

/** Why a string is not a phone number; each has a sentence in `REASONS` that says what to fix. */
export type InvalidReason =
  | 'EMPTY'
  | 'NOT_A_NUMBER'
  | 'HAS_LETTERS'
  | 'HAS_EXTENSION'
  | 'INVALID_COUNTRY'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_LENGTH'
  | 'INVALID_FOR_COUNTRY';

export const REASONS: Record<InvalidReason, string> = {
  EMPTY: 'is empty',
  NOT_A_NUMBER: 'is not a phone number',
  HAS_LETTERS: 'contains letters; write vanity numbers (1-800-FLOWERS) in digits',
  HAS_EXTENSION: 'has an extension, which cannot be dialled as part of the number; remove it',
  INVALID_COUNTRY: 'has no valid country calling code; start it with + and the country code, or pass country',
  TOO_SHORT: 'is too short',
  TOO_LONG: 'is too long',
  INVALID_LENGTH: 'has a length that no number of its country has',
  INVALID_FOR_COUNTRY: 'is not a valid number for its country',
};

export type ParseResult = { ok: true; number: PhoneNumber } | { ok: false; reason: InvalidReason };

const TEL_URI = /^\s*tel:/i;
// Letters other than the extension markers (x, ext, ext., #) libphonenumber understands.
const LETTERS = /\p{L}/u;
const EXTENSION_MARKERS = /(?:;\s*ext=|\s*(?:ext\.?|extension|x|#)\s*\d+\s*$)/iu;

/**
 * Parses a number as people write it: spaces, dashes, dots, slashes, parentheses, fullwidth or other
 * Unicode digits, `+`, a `00`/`011` international prefix, a national trunk `0`, a leading `tel:`.
 * A number without `+` is read in `country`'s national format.
 */
export function parsePhoneNumber(input: string, country: CountryCode): ParseResult {
  // libphonenumber reads fullwidth digits but not the fullwidth plus sign (U+FF0B), which would
  // turn ＋44 … into a national number of the default country.
  const text = input.replace(TEL_URI, '').replace(/\uFF0B/g, '+').trim();
  if (text === '') return { ok: false, reason: 'EMPTY' };
  if (EXTENSION_MARKERS.test(text)) return { ok: false, reason: 'HAS_EXTENSION' };
  if (LETTERS.test(text)) return { ok: false, reason: 'HAS_LETTERS' };

  const first = parseStrict(text, country);
  if (first.ok) return first;
  // libphonenumber reads only the country's own international prefix (011 in the US, 00 in most of
  // the world). People write the other one too: try it as "+" when the national reading failed.
  const digits = parseIncompletePhoneNumber(text);
  const prefix = /^(?:00|011)/.exec(digits);
  if (prefix) {
    const second = parseStrict(`+${digits.slice(prefix[0].length)}`, country);
    if (second.ok) return second;
  }
  return first;
}

function parseStrict(text: string, country: CountryCode): ParseResult {
  try {
    // extract: false refuses text around the number ("call 415 555 0100 please").
    const parsed = parsePhoneNumberWithError(text, { defaultCountry: country, extract: false });
    if (parsed.ext) return { ok: false, reason: 'HAS_EXTENSION' };
    if (!parsed.isValid()) {
      const length = validatePhoneNumberLength(text, country);
      return { ok: false, reason: length && isReason(length) ? length : 'INVALID_FOR_COUNTRY' };
    }
    return {
      ok: true,
      number: { e164: parsed.number, country: parsed.country, type: parsed.getType() ?? 'UNKNOWN' },
    };
  } catch (error) {
    if (error instanceof ParseError && isReason(error.message)) return { ok: false, reason: error.message };
    throw error;
  }
}

function isReason(value: string): value is InvalidReason {
  return Object.hasOwn(REASONS, value);
}

export type PolicyResult =
  | { ok: true }
  | { ok: false; rule: 'non_geographic_numbers' | 'allowed_countries' | 'blocked_number_types'; detail: string };

/**
 * Whether this deployment may dial the number. A number of a country must be in an allowed country;
 * a number of no country (a non-geographic calling code, libphonenumber's region "001") must be
 * allowed by its own setting, since no country list can allow it; either must be of a type not blocked.
 */
export function checkDestination(number: PhoneNumber, policy: PhonePolicy): PolicyResult {
  const allowed = policy.allowedCountries;
  if (number.country === undefined) {
    if (!policy.allowNonGeographic) {
      return {
        ok: false,
        rule: 'non_geographic_numbers',
        detail: 'belongs to no country (a non-geographic calling code), which ALLOW_NON_GEOGRAPHIC_NUMBERS does not allow',
      };
    }
  } else if (allowed !== '*' && !allowed.has(number.country)) {
    return {
      ok: false,
      rule: 'allowed_countries',
      detail: `is in ${number.country}, which ALLOWED_COUNTRIES (${[...allowed].join(', ')}) does not include`,
    };
  }
  if (policy.blockedNumberTypes.has(number.type)) {
    return {
      ok: false,
      rule: 'blocked_number_types',
      detail: `is a ${number.type.toLowerCase().replace(/_/g, '-')} number, a type BLOCKED_NUMBER_TYPES refuses`,
    };
  }
  return { ok: true };
}

/** The country a national number is read in, and whether the request named it (else it is the default). */
export interface Reading {
  readonly country: CountryCode;
  readonly countryGiven: boolean;
}

// The reasons another country's reading could cure: a national number read in the wrong country
// has the wrong length or pattern. Letters, extensions or an empty string stay wrong in any country.
const COUNTRY_DEPENDENT: ReadonlySet<InvalidReason> = new Set(['TOO_SHORT', 'TOO_LONG', 'INVALID_LENGTH', 'INVALID_FOR_COUNTRY']);
const PLUS = /[+\uFF0B]/;

/**
 * Parses and checks one number of a request, or throws the problem the caller gets: `422
 * invalid_phone_number` with the reason, or `422 destination_not_allowed` with the rule.
 */
export function normalizePhoneNumber(field: string, input: string, reading: Reading, policy: PhonePolicy): PhoneNumber {
  const { country } = reading;
  const parsed = parsePhoneNumber(input, country);
  if (!parsed.ok) {
    // The commonest mistake: a national number of another country sent without `country`.
    const hint =
      !reading.countryGiven && !PLUS.test(input) && COUNTRY_DEPENDENT.has(parsed.reason)
        ? `; if this is not a ${country} number, pass country`
        : '';
    throw new ProblemError('invalid_phone_number', {
      detail: `${field} ${REASONS[parsed.reason]} (read with country ${country})${hint}.`,
      field,
      extensions: { reason: parsed.reason },
    });
  }
  const verdict = checkDestination(parsed.number, policy);
  if (!verdict.ok) {
    throw new ProblemError('destination_not_allowed', {
      detail: `${field} ${maskPhoneNumber(parsed.number.e164)} ${verdict.detail}.`,
      field,
      extensions: { rule: verdict.rule },
    });
  }
  return parsed.number;
}

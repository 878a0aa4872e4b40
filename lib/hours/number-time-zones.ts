import type { CountryCode } from 'libphonenumber-js/max';
import { getCountryCallingCode } from '../phone/numbers';
import { TIME_ZONE_MAP } from './data/time-zone-map';

// The time zones a phone number may ring in, from libphonenumber's time-zone data (map_data.txt,
// vendored under data/). Zones follow the number's area code, not where its owner is today.

/** What the lookup needs of a parsed number (lib/calls' PhoneNumber has these fields). */
export interface NumberForZones {
  /** `+` and digits. */
  readonly e164: string;
  readonly country: string | undefined;
  /** libphonenumber's number type (`FIXED_LINE`, `MOBILE`, `FIXED_LINE_OR_MOBILE`, …, `UNKNOWN`). */
  readonly type: string;
}

/**
 * Country calling codes whose mobile numbers are assigned by place: libphonenumber's
 * GEO_MOBILE_COUNTRIES (Mexico, Argentina, Brazil, Indonesia, China; PhoneNumberUtil.java). Elsewhere
 * a mobile number says nothing about where it rings beyond its country.
 */
const GEOGRAPHIC_MOBILE_CALLING_CODES: ReadonlySet<string> = new Set(['52', '54', '55', '62', '86']);

/** The number types whose leading digits name a place (libphonenumber's isNumberGeographical). */
const GEOGRAPHIC_TYPES: ReadonlySet<string> = new Set(['FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

let map: ReadonlyMap<string, readonly string[]> | undefined;
let longestPrefix = 0;

function prefixes(): ReadonlyMap<string, readonly string[]> {
  if (!map) {
    const entries = TIME_ZONE_MAP.split('\n').map((line) => {
      const [prefix, zones] = line.split('|');
      longestPrefix = Math.max(longestPrefix, prefix.length);
      return [prefix, zones.split('&')] as const;
    });
    map = new Map(entries);
  }
  return map;
}

/** The zones of the longest prefix of `digits` in the data; none when no prefix matches. */
export function zonesOfDigits(digits: string): readonly string[] {
  const data = prefixes();
  for (let length = Math.min(longestPrefix, digits.length); length > 0; length -= 1) {
    const zones = data.get(digits.slice(0, length));
    if (zones) return zones;
  }
  return [];
}

/**
 * The zones the number may ring in, as libphonenumber's PhoneNumberToTimeZonesMapper reads its data:
 * a geographic number by the longest prefix of its digits (a US area code split between two zones
 * gives both), any other (a French or British mobile, a toll-free number) by its country calling
 * code alone; a number of no country or of unknown type, none (the caller must say).
 */
export function timeZonesOfNumber(number: NumberForZones): readonly string[] {
  if (number.country === undefined || number.type === 'UNKNOWN') return [];
  const callingCode = getCountryCallingCode(number.country as CountryCode);
  const digits = number.e164.slice(1);
  const geographic = GEOGRAPHIC_TYPES.has(number.type) || (number.type === 'MOBILE' && GEOGRAPHIC_MOBILE_CALLING_CODES.has(callingCode));
  return zonesOfDigits(geographic ? digits : callingCode);
}

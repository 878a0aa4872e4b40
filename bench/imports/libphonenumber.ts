import { isSupportedCountry, ParseError, parseIncompletePhoneNumber, parsePhoneNumberWithError, validatePhoneNumberLength } from '../../lib/phone/numbers';

/**
 * lib/calls/phone.ts and lib/config.ts's imports (libphonenumber-js on lib/phone/metadata.ts, its
 * full metadata without formats), and one number parsed, validated and typed as lib/calls/phone.ts does.
 */
export const imported = [ParseError, validatePhoneNumberLength];

export function firstUse(): unknown {
  isSupportedCountry('US');
  const parsed = parsePhoneNumberWithError(parseIncompletePhoneNumber('+14155550100'), { defaultCountry: 'US', extract: false });
  return [parsed.isValid(), parsed.number, parsed.country, parsed.getType()];
}

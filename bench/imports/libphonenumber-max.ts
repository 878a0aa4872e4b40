import { isSupportedCountry, ParseError, parseIncompletePhoneNumber, parsePhoneNumberWithError, validatePhoneNumberLength } from 'libphonenumber-js/max';

/** lib/calls/phone.ts and lib/config.ts's imports, and one number parsed, validated and typed as lib/calls/phone.ts does. */
export const imported = [ParseError, validatePhoneNumberLength];

export function firstUse(): unknown {
  isSupportedCountry('US');
  const parsed = parsePhoneNumberWithError(parseIncompletePhoneNumber('+14155550100'), { defaultCountry: 'US', extract: false });
  return [parsed.isValid(), parsed.number, parsed.country, parsed.getType()];
}

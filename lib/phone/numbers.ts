import type { CountryCallingCode, CountryCode, PhoneNumber, ValidatePhoneNumberLengthResult } from 'libphonenumber-js/core';
import * as core from 'libphonenumber-js/core';
import { METADATA } from './metadata';

// libphonenumber-js's functions the service uses, on the metadata it needs (metadata.ts: `/max`'s
// without its formats). Import them from here, not from libphonenumber-js/max, whose metadata would
// be bundled and loaded too.

export { ParseError, parseIncompletePhoneNumber } from 'libphonenumber-js/core';

export interface ParseOptions {
  defaultCountry?: CountryCode;
  extract?: boolean;
}

export function parsePhoneNumberWithError(text: string, options: ParseOptions): PhoneNumber {
  return core.parsePhoneNumberWithError(text, options, METADATA);
}

export function validatePhoneNumberLength(text: string, country: CountryCode): ValidatePhoneNumberLengthResult | undefined {
  return core.validatePhoneNumberLength(text, country, METADATA);
}

export function isSupportedCountry(code: string): code is CountryCode {
  return core.isSupportedCountry(code as CountryCode, METADATA);
}

export function getCountryCallingCode(country: CountryCode): CountryCallingCode {
  return core.getCountryCallingCode(country, METADATA);
}

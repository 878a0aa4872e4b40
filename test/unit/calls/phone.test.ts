import type { PhonePolicy } from '../../../lib/config';
import { DEFAULTS } from '../../../lib/config';
import { ProblemError } from '../../../lib/problems/errors';
import { checkDestination, normalizePhoneNumber, parsePhoneNumber } from '../../../lib/calls/phone';

const policy = (overrides: Partial<PhonePolicy> = {}): PhonePolicy => ({
  defaultCountry: 'US',
  allowedCountries: '*',
  blockedNumberTypes: new Set(DEFAULTS.blockedNumberTypes),
  allowNonGeographic: false,
  ...overrides,
});

// One valid number of each non-geographic calling code libphonenumber knows (region "001"): they
// belong to no country, so ALLOWED_COUNTRIES cannot speak for them.
const NON_GEOGRAPHIC: Array<[string, string]> = [
  ['+800 1234 5678', 'international freephone'],
  ['+808 1234 5678', 'international shared cost'],
  ['+870 773 111 632', 'Inmarsat'],
  ['+878 10 12345 67890', 'universal personal telecommunications'],
  ['+881 6 123 45678', 'global mobile satellite'],
  ['+882 342 1234', 'international networks'],
  ['+883 510 012 345', 'international networks'],
  ['+888 123 456 78901', 'humanitarian'],
  ['+979 1 2345 6789', 'international premium rate'],
];

describe('phone', () => {
  describe('parsePhoneNumber', () => {
    // [written form, country it is read in, E.164 expected]
    const valid: Array<[string, 'US' | 'GB' | 'DE' | 'FR', string]> = [
      ['+1 415 555 0100', 'US', '+14155550100'],
      ['(415) 555-0100', 'US', '+14155550100'],
      ['415.555.0100', 'US', '+14155550100'],
      ['415/555/0100', 'US', '+14155550100'],
      ['1-415-555-0100', 'US', '+14155550100'],
      ['  +1 (415) 555-0100  ', 'US', '+14155550100'],
      ['tel:+1-415-555-0100', 'US', '+14155550100'],
      ['TEL:+14155550100', 'US', '+14155550100'],
      ['011 44 20 7946 0018', 'US', '+442079460018'],
      ['00 44 20 7946 0018', 'US', '+442079460018'],
      ['00 44 20 7946 0018', 'GB', '+442079460018'],
      ['020 7946 0018', 'GB', '+442079460018'],
      ['0113 496 0000', 'GB', '+441134960000'],
      ['030 901820', 'DE', '+4930901820'],
      ['01 23 45 67 89', 'FR', '+33123456789'],
      ['＋１ ４１５ ５５５ ０１００', 'US', '+14155550100'],
      ['＋４４ ２０ ７９４６ ００１８', 'US', '+442079460018'],
      ['٤١٥٥٥٥٠١٠٠', 'US', '+14155550100'],
      ['+44 7400 123456', 'US', '+447400123456'],
    ];
    it.each(valid)('reads %p in %s as %s', (input, country, e164) => {
      // Act
      const result = parsePhoneNumber(input, country);

      // Assess
      expect(result).toEqual({ ok: true, number: expect.objectContaining({ e164 }) });
    });

    const invalid: Array<[string, string]> = [
      ['', 'EMPTY'],
      ['   ', 'EMPTY'],
      ['tel:', 'EMPTY'],
      ['1-800-FLOWERS', 'HAS_LETTERS'],
      ['+1 415 555 01OO', 'HAS_LETTERS'],
      ['call me at 415 555 0100', 'HAS_LETTERS'],
      ['+1 415 555 0100 ext. 123', 'HAS_EXTENSION'],
      ['415 555 0100 x12', 'HAS_EXTENSION'],
      ['+1 (415) 555-0100;ext=5', 'HAS_EXTENSION'],
      ['+1 415 555 0100; ext=5', 'HAS_EXTENSION'],
      ['415 555 0100x12', 'HAS_EXTENSION'],
      ['415 x555 0100', 'HAS_LETTERS'],
      ['415 555 0100 x12b', 'HAS_LETTERS'],
      ['+1 415 555 0100 tel:', 'HAS_LETTERS'],
      ['fax:tel:+1 415 555 0100', 'HAS_LETTERS'],
      ['99 44 20 7946 0018', 'TOO_LONG'],
      ['00 999 1234', 'TOO_SHORT'],
      ['415 555 0100 ext 12', 'HAS_EXTENSION'],
      ['415 555 0100 Extension 12', 'HAS_EXTENSION'],
      ['415 555 0100 #12', 'HAS_EXTENSION'],
      ['415 555 0100 X12', 'HAS_EXTENSION'],
      ['+1 415 555 0100,12', 'HAS_EXTENSION'],
      ['+999 123456', 'INVALID_COUNTRY'],
      ['12', 'TOO_SHORT'],
      ['+1 415 555 0100 999 9999', 'TOO_LONG'],
      ['+1 123 555 0100', 'INVALID_FOR_COUNTRY'],
      ['!!!', 'NOT_A_NUMBER'],
      ['+', 'NOT_A_NUMBER'],
    ];
    it.each(invalid)('refuses %p as %s', (input, reason) => {
      // Act
      const result = parsePhoneNumber(input, 'US');

      // Assess
      expect(result).toEqual({ ok: false, reason });
    });

    it.each(['*415 555 0100*', '415 555 0100 ?', '=415 555 0100'])(
      'refuses %p as NOT_A_NUMBER rather than picking the number out of the text around it',
      (input) => {
        // Act
        const result = parsePhoneNumber(input, 'US');

        // Assess
        expect(result).toEqual({ ok: false, reason: 'NOT_A_NUMBER' });
      },
    );

    it('keeps a valid national number that starts like an international prefix: 01 16 83 40 02 is Paris, not +683 Niue', () => {
      // Act
      const result = parsePhoneNumber('01 16 83 40 02', 'FR');

      // Assess
      expect(result).toEqual({ ok: true, number: { e164: '+33116834002', country: 'FR', type: 'FIXED_LINE' } });
    });

    it('classifies the number type with the full metadata', () => {
      // Act
      const premium = parsePhoneNumber('+1 900 555 0100', 'US');
      const ukMobile = parsePhoneNumber('07400 123456', 'GB');

      // Assess
      expect(premium).toEqual({ ok: true, number: { e164: '+19005550100', country: 'US', type: 'PREMIUM_RATE' } });
      expect(ukMobile).toEqual({ ok: true, number: { e164: '+447400123456', country: 'GB', type: 'MOBILE' } });
    });

    it('tells a Guernsey mobile from a UK one although both start +44', () => {
      // Act
      const result = parsePhoneNumber('+44 7911 123456', 'GB');

      // Assess
      expect(result).toEqual({ ok: true, number: { e164: '+447911123456', country: 'GG', type: 'MOBILE' } });
    });
  });

  describe('checkDestination', () => {
    it('allows a number of an allowed country and type', () => {
      // Prepare
      const number = { e164: '+14155550100', country: 'US' as const, type: 'FIXED_LINE_OR_MOBILE' as const };

      // Act / Assess
      expect(checkDestination(number, policy({ allowedCountries: new Set(['US']) }))).toEqual({ ok: true });
    });

    it('refuses a country outside ALLOWED_COUNTRIES, naming the rule', () => {
      // Prepare
      const number = { e164: '+442079460018', country: 'GB' as const, type: 'FIXED_LINE' as const };

      // Act
      const verdict = checkDestination(number, policy({ allowedCountries: new Set(['US', 'CA']) }));

      // Assess
      expect(verdict).toEqual({
        ok: false,
        rule: 'allowed_countries',
        detail: 'is in GB, which ALLOWED_COUNTRIES (US, CA) does not include',
      });
    });

    it.each(NON_GEOGRAPHIC)('refuses %s (%s), which has no country, even with ALLOWED_COUNTRIES=* and no type blocked', (input) => {
      // Prepare
      const parsed = parsePhoneNumber(input, 'US');
      if (!parsed.ok) throw new Error(`${input} should parse`);

      // Act
      const verdict = checkDestination(parsed.number, policy({ allowedCountries: '*', blockedNumberTypes: new Set() }));

      // Assess
      expect(verdict).toEqual({
        ok: false,
        rule: 'non_geographic_numbers',
        detail: 'belongs to no country (a non-geographic calling code), which ALLOW_NON_GEOGRAPHIC_NUMBERS does not allow',
      });
    });

    it('refuses a non-geographic number by that rule, not by ALLOWED_COUNTRIES, when countries are listed', () => {
      // Prepare
      const number = { e164: '+881612345678', country: undefined, type: 'MOBILE' as const };

      // Act
      const verdict = checkDestination(number, policy({ allowedCountries: new Set(['US']) }));

      // Assess
      expect(verdict).toMatchObject({ ok: false, rule: 'non_geographic_numbers' });
    });

    it('allows a non-geographic number when ALLOW_NON_GEOGRAPHIC_NUMBERS says so, whatever ALLOWED_COUNTRIES lists', () => {
      // Prepare
      const number = { e164: '+881612345678', country: undefined, type: 'MOBILE' as const };

      // Act
      const verdict = checkDestination(number, policy({ allowedCountries: new Set(['US']), allowNonGeographic: true }));

      // Assess
      expect(verdict).toEqual({ ok: true });
    });

    it('still refuses an allowed non-geographic number of a blocked type', () => {
      // Prepare
      const number = { e164: '+979123456789', country: undefined, type: 'PREMIUM_RATE' as const };

      // Act
      const verdict = checkDestination(number, policy({ allowNonGeographic: true }));

      // Assess
      expect(verdict).toMatchObject({ ok: false, rule: 'blocked_number_types' });
    });

    it('names a blocked type in words, every underscore a dash', () => {
      // Act
      const verdict = checkDestination(
        { e164: '+14155550100', country: 'US', type: 'FIXED_LINE_OR_MOBILE' },
        policy({ blockedNumberTypes: new Set(['FIXED_LINE_OR_MOBILE']) }),
      );

      // Assess
      expect(verdict).toEqual({
        ok: false,
        rule: 'blocked_number_types',
        detail: 'is a fixed-line-or-mobile number, a type BLOCKED_NUMBER_TYPES refuses',
      });
    });

    it.each(['PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL', 'UNKNOWN'] as const)(
      'refuses a %s number by default',
      (type) => {
        // Act
        const verdict = checkDestination({ e164: '+19005550100', country: 'US', type }, policy());

        // Assess
        expect(verdict).toMatchObject({ ok: false, rule: 'blocked_number_types' });
      },
    );
  });

  describe('normalizePhoneNumber', () => {
    it('throws 422 invalid_phone_number naming the field and the reason', () => {
      // Act
      const attempt = () => normalizePhoneNumber('callerId', '12', { country: 'US', countryGiven: true }, policy());

      // Assess
      expect(attempt).toThrow(ProblemError);
      try {
        attempt();
      } catch (error) {
        expect(error).toMatchObject({
          code: 'invalid_phone_number',
          details: { field: 'callerId', detail: 'callerId is too short (read with country US).', extensions: { reason: 'TOO_SHORT' } },
        });
      }
    });

    describe('the hint to pass country', () => {
      const detailOf = (input: string, reading: { country: 'US' | 'GB'; countryGiven: boolean }): string => {
        try {
          normalizePhoneNumber('to', input, reading, policy());
        } catch (error) {
          if (error instanceof ProblemError) return String(error.details.detail);
          throw error;
        }
        throw new Error(`${input} should be refused`);
      };

      it('is added for a length no number of the default country has', () => {
        // Act / Assess
        expect(detailOf('2333 3333', { country: 'GB', countryGiven: false })).toBe(
          'to has a length that no number of its country has (read with country GB); if this is not a GB number, pass country.',
        );
      });

      it.each([
        ['020 7946 0958', 'to is too long (read with country US); if this is not a US number, pass country.'],
        ['030 901820', 'to is too short (read with country US); if this is not a US number, pass country.'],
        ['01 23 45 67 89', 'to is not a valid number for its country (read with country US); if this is not a US number, pass country.'],
      ])('is added when %p, a national number, was read in the default country', (input, detail) => {
        // Act / Assess
        expect(detailOf(input, { country: 'US', countryGiven: false })).toBe(detail);
      });

      it.each([
        ['+44 20 7946 09581', { country: 'US', countryGiven: false }, 'to is too long (read with country US).'],
        ['＋44 20 7946 09581', { country: 'US', countryGiven: false }, 'to is too long (read with country US).'],
        ['020 7946 09581', { country: 'GB', countryGiven: true }, 'to is too long (read with country GB).'],
        ['1-800-FLOWERS', { country: 'US', countryGiven: false }, 'to contains letters; write vanity numbers (1-800-FLOWERS) in digits (read with country US).'],
      ] as const)('is left out for %p read with %j, where another country would not help', (input, reading, detail) => {
        // Act / Assess
        expect(detailOf(input, reading)).toBe(detail);
      });
    });

    it.each([
      ['', 'to is empty (read with country US).'],
      ['!!!', 'to is not a phone number (read with country US).'],
      ['+1 415 555 0100 ext. 123', 'to has an extension, which cannot be dialled as part of the number; remove it (read with country US).'],
      ['+999 123456', 'to has no valid country calling code; start it with + and the country code, or pass country (read with country US).'],
      ['+44 2333 3333', 'to has a length that no number of its country has (read with country US).'],
      ['+1 123 555 0100', 'to is not a valid number for its country (read with country US).'],
    ])('says what is wrong with %p in a sentence naming the field', (input, detail) => {
      // Act
      let thrown: unknown;
      try {
        normalizePhoneNumber('to', input, { country: 'US', countryGiven: true }, policy());
      } catch (error) {
        thrown = error;
      }

      // Assess
      expect(thrown).toMatchObject({ code: 'invalid_phone_number', details: { field: 'to', detail } });
    });

    it('returns the parsed number when it is valid and allowed', () => {
      // Act
      const number = normalizePhoneNumber('to', '(415) 555-0100', { country: 'US', countryGiven: false }, policy());

      // Assess
      expect(number).toEqual({ e164: '+14155550100', country: 'US', type: 'FIXED_LINE_OR_MOBILE' });
    });

    it('throws 422 destination_not_allowed with the number masked', () => {
      // Act
      let thrown: unknown;
      try {
        normalizePhoneNumber('to', '+1 900 555 0100', { country: 'US', countryGiven: false }, policy());
      } catch (error) {
        thrown = error;
      }

      // Assess
      expect(thrown).toMatchObject({
        code: 'destination_not_allowed',
        details: {
          field: 'to',
          detail: 'to +*******0100 is a premium-rate number, a type BLOCKED_NUMBER_TYPES refuses.',
          extensions: { rule: 'blocked_number_types' },
        },
      });
    });
  });
});

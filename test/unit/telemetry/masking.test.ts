import fc from 'fast-check';
import { maskNumbersIn, maskPhoneNumber } from '../../../lib/telemetry/masking';
import { separatedNumber, showsNumber } from '../../support/separated-numbers';

describe('masking', () => {
  describe('maskPhoneNumber', () => {
    it.each([
      ['+14155550100', '+*******0100'],
      ['+442079460018', '+********0018'],
      ['(415) 555-0100', '(***) ***-0100'],
      ['123', '123'],
    ])('masks %p as %p', (input, masked) => {
      expect(maskPhoneNumber(input)).toBe(masked);
    });
  });

  describe('maskNumbersIn', () => {
    it.each([
      ['user 123456 not found', 'user 123456 not found'],
      ['user 123-456 not found', 'user 123-456 not found'],
      ['5550100 is not a valid number', '***0100 is not a valid number'],
      ['number 5550100 not found', 'number ***0100 not found'],
      ['cannot reach +1 (415) 555-0100.', 'cannot reach +* (***) ***-0100.'],
      ['cannot reach 4155550100 or +442079460018', 'cannot reach ******0100 or +********0018'],
    ])('masks the runs of 7 digits or more in %p, leaving shorter ones', (text, masked) => {
      // Act / Assess
      expect(maskNumbersIn(text)).toBe(masked);
    });
  });

  describe('maskNumbersIn, whatever separates the digits (issue 19, item 4)', () => {
    it.each([
      ['slashes', 'call back 617/555/0142', 'call back ***/***/0142'],
      ['underscores', 'ref 617_555_0143', 'ref ***_***_0143'],
      ['non-breaking hyphens (U+2011)', 'renewal 617\u2011555\u20110144', 'renewal ***\u2011***\u20110144'],
      ['en dashes and an ideographic space', '+1\u3000617\u2013555\u20130145', '+*\u3000***\u2013***\u20130145'],
      ['a Genesys message quoting a value', 'Value [617/555/0123] is not valid for field type [phoneNumber].', 'Value [***/***/0123] is not valid for field type [phoneNumber].'],
    ])('masks a number written with %s', (_case, text, masked) => {
      // Act
      const result = maskNumbersIn(text);

      // Assess
      expect(result).toBe(masked);
    });

    it('leaves runs a letter breaks, and short ones, as they are', () => {
      // Act
      const result = maskNumbersIn('order A12-345 B678/9, user 123_456');

      // Assess
      expect(result).toBe('order A12-345 B678/9, user 123_456');
    });

    it('shows no more than the last four digits of any number, with any separators, anywhere in a text', () => {
      fc.assert(
        fc.property(separatedNumber, fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz '.split('')) }), fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz '.split('')) }), ({ digits, written }, before, after) => {
          // Act
          const masked = maskNumbersIn(`${before} ${written} ${after}`);

          // Assess: the only digits left are the number's last four.
          expect(showsNumber(masked, digits)).toBe(false);
          expect(masked.match(/\p{Nd}/gu)?.join('')).toBe(digits.slice(-4));
        }),
        { numRuns: 2000 },
      );
    });
  });
});

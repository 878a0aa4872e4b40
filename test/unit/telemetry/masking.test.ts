import { maskNumbersIn, maskPhoneNumber } from '../../../lib/telemetry/masking';

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
});

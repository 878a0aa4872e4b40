import fc from 'fast-check';

/**
 * What people (and systems) put between the digits of a phone number: ASCII punctuation and
 * spaces, slashes and underscores, and the Unicode dashes and spaces (U+2010 hyphen, U+2011
 * non-breaking hyphen, U+2012 figure dash, U+2013 en dash, U+2014 em dash, U+2212 minus, U+00A0
 * no-break space, U+2007 figure space, U+202F narrow no-break space, U+3000 ideographic space, U+00B7
 * middle dot). None is one JSON escapes, so a number written with them reads the same in a JSON log
 * line or answer as in the text.
 */
export const SEPARATORS = [' ', '-', '.', '/', '_', '(', ')', ',', ':', '|', '~', '*', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\u00a0', '\u2007', '\u202f', '\u3000', '\u00b7'];

/** A phone number's digits (10 to 15: long enough that a chance match in other text cannot happen). */
export const numberDigits = fc.stringMatching(/^[1-9][0-9]{9,14}$/);

/** The digits written in groups of 1 to 4, with 1 to 3 separators between groups and an optional +. */
export const separatedNumber = numberDigits.chain((digits) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: digits.length, maxLength: digits.length }),
      fc.array(fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 3 }), { minLength: digits.length, maxLength: digits.length }),
      fc.boolean(),
    )
    .map(([groups, separators, plus]) => {
      let written = plus ? '+' : '';
      let at = 0;
      for (let group = 0; at < digits.length; group += 1) {
        if (group > 0) written += separators[group].join('');
        written += digits.slice(at, at + groups[group]);
        at += groups[group];
      }
      return { digits, written };
    }),
);

/**
 * Whether `text` shows more than the last four of `digits` however they are separated: the
 * separators between digits are removed, then the number's digits less its last four are looked for.
 */
export function showsNumber(text: string, digits: string): boolean {
  const joined = text.replace(/(?<=\p{Nd})[^\p{L}\p{N}]+(?=\p{Nd})/gu, '');
  return joined.includes(digits.slice(0, -4)) || joined.includes(digits);
}

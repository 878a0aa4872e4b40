/**
 * Hides all digits but the last four, keeping the `+` and length: `+14155550100` → `+*******0100`.
 * Logs and responses carry only this form.
 */
export function maskPhoneNumber(value: string): string {
  const digits = [...value].filter((char) => /\p{Nd}/u.test(char)).length;
  let seen = 0;
  return [...value]
    .map((char) => {
      if (!/\p{Nd}/u.test(char)) return char;
      seen += 1;
      return seen > digits - 4 ? char : '*';
    })
    .join('');
}

/**
 * A run of digits, possibly with a leading +, whatever separates them: anything that is neither a
 * letter nor a digit (`617/555/0142`, `617_555_0143`, `617‑555‑0144` with U+2011, ideographic or
 * no-break spaces, Unicode dashes, parentheses, dots). Only a letter ends a run: a list of numbers
 * separated by punctuation is masked as one run, which costs a few digits of a label and leaks none.
 * The separators hold no digit, so the pattern cannot backtrack over its own matches.
 */
const NUMBER_IN_TEXT = /\+?\p{Nd}(?:[^\p{L}\p{N}]*\p{Nd})*/gu;

/**
 * Masks every phone-number-like run (7 digits or more, whatever separates them) in a text from
 * elsewhere: a caller's label, Genesys's messages and reason phrases.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (run) => ([...run].filter((char) => /\p{Nd}/u.test(char)).length >= 7 ? maskPhoneNumber(run) : run));
}

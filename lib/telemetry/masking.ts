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

// A run of 7 or more digits, possibly with a leading + and the separators people write.
const NUMBER_IN_TEXT = /\+?\p{Nd}(?:[\p{Nd}\s().-]*\p{Nd})?/gu;

/** Masks every phone-number-like run (7 digits or more) in a text from elsewhere, e.g. Genesys's messages. */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (run) => ([...run].filter((char) => /\p{Nd}/u.test(char)).length >= 7 ? maskPhoneNumber(run) : run));
}

/**
 * How each placed call plays out on the emulator: the script (answered, busy, no answer, invalid
 * number), its timings, and which events reach the service. A script is chosen by the control
 * endpoint (`POST /__emulator/call-scripts`) or, by default, from the dialled number's last digits.
 */

export const CALL_OUTCOMES = ['answered', 'busy', 'noAnswer', 'invalidNumber'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * What reaches the service's callEvents function: each event once as it happens (`live`), all of
 * them once the call ended in reverse order (`reversed`), each twice (`duplicated`), or none.
 * Genesys delivers at least once and in no promised order (doctor-outcomes §B2, INFERRED).
 */
export const DELIVERIES = ['live', 'reversed', 'duplicated', 'none'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export interface CallScript {
  readonly outcome: CallOutcome;
  /** From the POST to the answer (answered) or to the failure (busy, no answer, invalid number). */
  readonly ringMs: number;
  /** From the answer to the hang-up (answered only). */
  readonly talkMs: number;
  readonly delivery: Delivery;
}

/** A few seconds in all, so that `npm start` shows ringing, connected and ended while one watches. */
export const DEFAULT_TIMINGS = { ringMs: 1000, talkMs: 2000, invalidNumberMs: 100 } as const;

/**
 * Emulator choice: the default script by the dialled number's last four digits (mnemonics of the
 * SIP codes). Every other number is answered.
 */
export const SCRIPT_BY_LAST_DIGITS: Readonly<Record<string, CallOutcome>> = {
  '0486': 'busy', // SIP 486 Busy Here
  '0480': 'noAnswer', // SIP 480 Temporarily Unavailable
  '0404': 'invalidNumber', // SIP 404 Not Found
};

/**
 * How a call that was not answered ends, as Genesys would report it. Emulator choices (UNVERIFIED):
 * the disconnect types; the reason codes follow SIP (RFC 3261) and Q.850, and where Genesys puts
 * them (`participants[].calls[].disconnectReasons`) is SOURCED (doctor-outcomes §B1).
 */
export const FAILURES: Readonly<
  Record<Exclude<CallOutcome, 'answered'>, { apiDisconnectType: string; eventDisconnectType: string; reasons: DisconnectReason[] }>
> = {
  busy: {
    apiDisconnectType: 'endpoint',
    eventDisconnectType: 'ENDPOINT',
    reasons: [
      { type: 'sip', code: 486, phrase: 'Busy Here' },
      { type: 'q850', code: 17, phrase: 'User busy' },
    ],
  },
  noAnswer: {
    apiDisconnectType: 'timeout',
    eventDisconnectType: 'TIMEOUT',
    reasons: [
      { type: 'sip', code: 480, phrase: 'Temporarily Unavailable' },
      { type: 'q850', code: 19, phrase: 'No answer from user (user alerted)' },
    ],
  },
  invalidNumber: {
    apiDisconnectType: 'error',
    eventDisconnectType: 'ERROR',
    reasons: [
      { type: 'sip', code: 404, phrase: 'Not Found' },
      { type: 'q850', code: 1, phrase: 'Unallocated (unassigned) number' },
    ],
  },
};

export interface DisconnectReason {
  type: 'sip' | 'q850';
  code: number;
  phrase: string;
}

export function defaultScript(phoneNumber: string): CallScript {
  const outcome = SCRIPT_BY_LAST_DIGITS[phoneNumber.replace(/\D/g, '').slice(-4)] ?? 'answered';
  return completeScript({ outcome });
}

/** A script from its parts, with the defaults for the rest; throws on a part that is not one. */
export function completeScript(input: Partial<Record<keyof CallScript, unknown>>): CallScript {
  const outcome = input.outcome ?? 'answered';
  if (!(CALL_OUTCOMES as readonly unknown[]).includes(outcome)) throw new TypeError(`outcome must be one of ${CALL_OUTCOMES.join(', ')}.`);
  const delivery = input.delivery ?? 'live';
  if (!(DELIVERIES as readonly unknown[]).includes(delivery)) throw new TypeError(`delivery must be one of ${DELIVERIES.join(', ')}.`);
  const defaultRing = outcome === 'invalidNumber' ? DEFAULT_TIMINGS.invalidNumberMs : DEFAULT_TIMINGS.ringMs;
  return {
    outcome: outcome as CallOutcome,
    ringMs: milliseconds('ringMs', input.ringMs, defaultRing),
    talkMs: milliseconds('talkMs', input.talkMs, DEFAULT_TIMINGS.talkMs),
    delivery: delivery as Delivery,
  };
}

function milliseconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 600_000) {
    throw new TypeError(`${name} must be a whole number of milliseconds from 0 to 600000.`);
  }
  return value;
}

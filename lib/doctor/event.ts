/** What the doctor function may be invoked with: nothing, or the user and queue to check too. */
export interface DoctorEvent {
  readonly user?: string;
  readonly queue?: string;
}

const FIELDS = ['user', 'queue'] as const;

/**
 * `serverless invoke -f doctor [--data '{"user": "…", "queue": "…"}']`. Anything else is refused
 * with the reason; in particular the function never places a call (that is `npm run doctor -- --call`).
 */
export function parseDoctorEvent(event: unknown): { ok: true; event: DoctorEvent } | { ok: false; detail: string } {
  if (event === undefined || event === null || event === '') return { ok: true, event: {} };
  if (typeof event !== 'object' || Array.isArray(event)) return { ok: false, detail: 'the event must be a JSON object such as {"user": "<id>", "queue": "<id>"}, or nothing' };
  const entries = Object.entries(event as Record<string, unknown>);
  const unknownField = entries.find(([name]) => !(FIELDS as readonly string[]).includes(name));
  if (unknownField) {
    return { ok: false, detail: `unknown field "${unknownField[0]}": the doctor function takes only ${FIELDS.join(' and ')} (it never places a call; use npm run doctor -- --call)` };
  }
  const notText = entries.find(([, value]) => typeof value !== 'string');
  if (notText) return { ok: false, detail: `${notText[0]} must be a string (a Genesys id)` };
  return { ok: true, event: event as DoctorEvent };
}

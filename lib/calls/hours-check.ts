import type { CallingHoursSetting } from '../config';
import type { HoursVerdict } from '../hours/calling-hours';
import { checkCallingHours, HORIZON_DAYS } from '../hours/calling-hours';
import { wallTimeAt } from '../hours/zoned-time';
import { ProblemError } from '../problems/errors';
import { maskPhoneNumber } from '../telemetry/masking';
import type { PreparedCall } from './place-call';

/** The verdict of CALLING_HOURS on a prepared call at `now` (epoch ms): its number, in the request's timeZone or the number's zones. */
export function callingHoursOf(call: PreparedCall, setting: CallingHoursSetting, now: number): HoursVerdict {
  const { to } = call.numbers;
  return checkCallingHours(setting, { e164: to.e164, country: to.country, type: to.type, ...(call.input.timeZone ? { timeZone: call.input.timeZone } : {}) }, new Date(now));
}

/**
 * Throws the caller's problem unless the call may ring now: `422 outside_calling_hours` with
 * `nextAllowedAt`, or `422 time_zone_required` when no instant suits every zone the number may be in.
 */
export function requireCallingHours(call: PreparedCall, setting: CallingHoursSetting, now: number): void {
  const verdict = callingHoursOf(call, setting, now);
  if (verdict.kind === 'allowed') return;
  throw hoursProblem(call, verdict);
}

/** The problem a verdict other than `allowed` is answered with. */
export function hoursProblem(call: PreparedCall, verdict: Exclude<HoursVerdict, { kind: 'allowed' }>): ProblemError {
  const to = maskPhoneNumber(call.numbers.to.e164);
  if (verdict.kind === 'outside') {
    const next = verdict.nextAllowedAt.toISOString();
    const local = verdict.timeZones.map((zone) => `${wallTimeAt(zone, verdict.nextAllowedAt.getTime())} in ${zone}`).join(', ');
    return new ProblemError('outside_calling_hours', {
      detail: `No call may ring ${to} now under ${verdict.window}. The next time this holds in every time zone the number may ring in is ${next} (${local}): retry then.`,
      extensions: { nextAllowedAt: next, timeZones: verdict.timeZones },
    });
  }
  const why =
    verdict.timeZones.length === 0
      ? `the time zone of ${to} is not known`
      : `${to} may ring in ${verdict.timeZones.length} time zones (${verdict.timeZones.join(', ')}), and ${verdict.window} holds in all of them at no time in the next ${HORIZON_DAYS} days`;
  return new ProblemError('time_zone_required', {
    detail: `CALLING_HOURS cannot be applied: ${why}. Pass timeZone, the callee's IANA time zone (such as "America/New_York").`,
    field: 'timeZone',
    extensions: { timeZones: verdict.timeZones },
  });
}

import type { CallingHoursSetting } from '../config';
import type { CallingWindow } from './calling-window';
import { explicitWindow, spansOn } from './calling-window';
import { countryWindow } from './country-windows';
import type { NumberForZones } from './number-time-zones';
import { timeZonesOfNumber } from './number-time-zones';
import { addDays, instantAt, localDateAt } from './zoned-time';

/** Who is called: the parsed number and, when the request names it, the callee's own IANA zone. */
export interface Callee extends NumberForZones {
  /** The request's `timeZone`: when given, the only zone considered (already checked by isTimeZone). */
  readonly timeZone?: string;
}

export type HoursVerdict =
  /** CALLING_HOURS=off, or the window holds now in every zone. */
  | { readonly kind: 'allowed' }
  /** Not now: the earliest instant at which the window holds in every zone. */
  | { readonly kind: 'outside'; readonly nextAllowedAt: Date; readonly window: string; readonly timeZones: readonly string[] }
  /** The zones are unknown, or no instant in the next fortnight satisfies all of them: the caller must name one. */
  | { readonly kind: 'time_zone_required'; readonly window: string; readonly timeZones: readonly string[] };

/**
 * How far ahead a common window is looked for: two weeks and a day, longer than any run of days
 * without calling hours in the sourced rules (a French holiday Friday before a weekend and a
 * holiday Monday is four days), so finding none means the zones never agree, not a long weekend.
 */
export const HORIZON_DAYS = 15;

/**
 * The horizons tried in turn: nearly every call finds its window within two days, and each day of
 * each zone costs a few Intl look-ups (a toll-free NANP number has 42 zones), so the fortnight is
 * computed only when the short look finds nothing.
 */
const HORIZONS = [2, HORIZON_DAYS];

/** [start, end) in epoch milliseconds. */
type Interval = readonly [start: number, end: number];

/**
 * Whether a call to `callee` may ring at `instant` under `setting`. A number that may ring in
 * several zones (a US area code spanning two) is called only when the window holds in every one.
 */
export function checkCallingHours(setting: CallingHoursSetting, callee: Callee, instant: Date): HoursVerdict {
  if (setting.mode === 'off') return { kind: 'allowed' };
  const window = setting.mode === 'window' ? explicitWindow(setting.window) : countryWindow(callee.country, callee.e164);
  const timeZones = callee.timeZone !== undefined ? [callee.timeZone] : timeZonesOfNumber(callee);
  const at = instant.getTime();
  const first = timeZones.length === 0 ? undefined : HORIZONS.reduce<Interval | undefined>((found, days) => found ?? firstCommonInterval(window, timeZones, at, days), undefined);
  if (!first) return { kind: 'time_zone_required', window: window.description, timeZones };
  if (first[0] <= at) return { kind: 'allowed' };
  return { kind: 'outside', nextAllowedAt: new Date(first[0]), window: window.description, timeZones };
}

/**
 * The first interval ending after `at` in which the window holds in every zone, within `days` local
 * days of `at`. Its start is exact; only its end may be cut short by the horizon, which no caller reads.
 */
function firstCommonInterval(window: CallingWindow, zones: readonly string[], at: number, days: number): Interval | undefined {
  let common: readonly Interval[] | undefined;
  for (const zone of zones) {
    const intervals = zoneIntervals(window, zone, at, days);
    common = common === undefined ? intervals : intersect(common, intervals);
    if (common.length === 0) return undefined;
  }
  return common?.[0];
}

/** The zone's window as instants, from the local day before `at` (which may still be open) to `days` after. */
function zoneIntervals(window: CallingWindow, zone: string, at: number, days: number): Interval[] {
  const today = localDateAt(zone, at);
  const intervals: Interval[] = [];
  for (let offset = -1; offset <= days; offset += 1) {
    const date = addDays(today, offset);
    for (const [from, to] of spansOn(window, date)) {
      const interval: Interval = [instantAt(zone, date, from), instantAt(zone, date, to)];
      if (interval[1] > at && interval[0] < interval[1]) intervals.push(interval);
    }
  }
  return intervals;
}

/** The instants in both sorted, non-overlapping lists. */
function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const both: Interval[] = [];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i][0], b[j][0]);
    const end = Math.min(a[i][1], b[j][1]);
    if (start < end) both.push([start, end]);
    if (a[i][1] < b[j][1]) i += 1;
    else j += 1;
  }
  return both;
}

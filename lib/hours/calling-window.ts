import type { DailyWindow, Weekday } from '../config';
import type { HolidayRule } from './holidays';
import { isHoliday } from './holidays';
import type { LocalDate } from './zoned-time';

/** Minutes after local midnight, `to` excluded: 08:00–21:00 is [480, 1260]. */
export type Span = readonly [from: number, to: number];

/** When a call may ring, in the callee's local time, and why. */
export interface CallingWindow {
  /** What the window is and where it comes from, for problem details and logs (no number in it). */
  readonly description: string;
  /** The spans of one local day; none: no call that day. */
  readonly week: Readonly<Record<Weekday, readonly Span[]>>;
  /** Days with no call whatever the weekday allows. */
  readonly holidays?: HolidayRule;
}

/** The spans of `date` in `window`. */
export function spansOn(window: CallingWindow, date: LocalDate): readonly Span[] {
  if (window.holidays && isHoliday(window.holidays, date)) return [];
  return window.week[date.weekday];
}

/** A week from per-day spans given for Sunday … Saturday. */
export function week(sunday: readonly Span[], monday: readonly Span[], tuesday: readonly Span[], wednesday: readonly Span[], thursday: readonly Span[], friday: readonly Span[], saturday: readonly Span[]): CallingWindow['week'] {
  return { 0: sunday, 1: monday, 2: tuesday, 3: wednesday, 4: thursday, 5: friday, 6: saturday };
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** CALLING_HOURS=08:00-21:00 [days]: the same window on the days it names, everywhere. */
export function explicitWindow(setting: DailyWindow): CallingWindow {
  const span: Span = [setting.from, setting.to];
  const on = (day: Weekday): readonly Span[] => (setting.days.has(day) ? [span] : []);
  const days = setting.days.size === 7 ? 'every day' : DAY_NAMES.filter((_, day) => setting.days.has(day as Weekday)).join(', ');
  return {
    description: `CALLING_HOURS ${clock(setting.from)}–${clock(setting.to)}, ${days}`,
    week: week(on(0), on(1), on(2), on(3), on(4), on(5), on(6)),
  };
}

/** 480 → `08:00`. */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

import type { Weekday } from '../config';

// Wall-clock time in an IANA zone, both ways, with Node's own Intl (the ICU time zone data Node
// ships): no time library. An instant is milliseconds since the epoch.

/** A calendar day as people in a zone name it. */
export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly weekday: Weekday;
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    // h23: midnight is 00, never 24 (en-US's default hour cycle writes 24:00 for it in some versions).
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

// An IANA name: `Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`, `UTC`. Newer Intl
// versions also take offsets (`+02:00`), which know no daylight saving time: refused on every Node.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * The zone's IANA name as Intl spells it (`europe/paris` → `Europe/Paris`, `US/Eastern` →
 * `America/New_York`), or undefined when Intl does not know it.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!IANA_NAME.test(zone)) return undefined;
  try {
    return formatFor(zone).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Whether Intl knows the zone (an IANA name such as `Europe/Paris`, or one of its links). */
export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

/**
 * The zone's wall clock at `instant`, written as if it were UTC (so Date's UTC getters read it).
 * Read from `format()`'s digits in order (en-US: month, day, year, hour, minute, second), which is
 * about three times as fast as `formatToParts()`, and this runs for every day of every zone.
 */
function wallClock(zone: string, instant: number): number {
  const [month, day, year, hour, minute, second] = (formatFor(zone).format(instant).match(/\d+/g) ?? []).map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second) + (instant % 1000);
}

/** How far the zone's wall clock is ahead of UTC at `instant` (negative west of Greenwich). */
function offsetAt(zone: string, instant: number): number {
  return wallClock(zone, instant) - instant;
}

/** The calendar day in the zone at `instant`. */
export function localDateAt(zone: string, instant: number): LocalDate {
  return dateOf(wallClock(zone, instant));
}

/** `2026-06-10 08:00`: the zone's wall clock at `instant`, to the minute, for a sentence a person reads. */
export function wallTimeAt(zone: string, instant: number): string {
  return new Date(wallClock(zone, instant)).toISOString().slice(0, 16).replace('T', ' ');
}

/** The day `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOf(Date.UTC(date.year, date.month - 1, date.day) + days * DAY);
}

function dateOf(wall: number): LocalDate {
  const time = new Date(wall);
  return { year: time.getUTCFullYear(), month: time.getUTCMonth() + 1, day: time.getUTCDate(), weekday: time.getUTCDay() as Weekday };
}

/**
 * The first instant at which the zone's clock reads `minutes` past midnight of `date`, or later:
 * - on an ordinary day, the one instant it reads that;
 * - in the hour a spring change skips (02:30 when clocks jump from 02:00 to 03:00), the instant of
 *   the change, when the clock first reads later than that;
 * - in the hour an autumn change repeats, its first occurrence.
 * `minutes` may be 1440 (24:00): midnight starting the next day.
 */
export function instantAt(zone: string, date: LocalDate, minutes: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE;
  // The offsets a day either side: a change between them is the only way the wall time can be
  // skipped or repeated (no zone changes its offset twice within two days).
  const before = wall - offsetAt(zone, wall - DAY);
  const after = wall - offsetAt(zone, wall + DAY);
  // The same offset a day either side: no change between them, the one reading is it.
  if (before === after) return before;
  const readsWall = (instant: number): boolean => wallClock(zone, instant) === wall;
  const candidates = [before, after].filter(readsWall);
  if (candidates.length > 0) return Math.min(...candidates);
  return changeBetween(zone, Math.min(before, after), Math.max(before, after));
}

/** The instant of the offset change in (`low`, `high`], to the minute (offsets change on whole minutes). */
function changeBetween(zone: string, low: number, high: number): number {
  const first = offsetAt(zone, low);
  let [lo, hi] = [low, high];
  while (hi - lo > MINUTE) {
    const middle = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(zone, middle) === first) lo = middle;
    else hi = middle;
  }
  return hi;
}

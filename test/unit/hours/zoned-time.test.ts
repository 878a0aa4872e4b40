import { addDays, canonicalTimeZone, instantAt, isTimeZone, localDateAt } from '../../../lib/hours/zoned-time';

const day = (year: number, month: number, dayOfMonth: number) => addDays({ year, month, day: dayOfMonth, weekday: 0 }, 0);
const iso = (instant: number) => new Date(instant).toISOString();
const at = (hours: number, minutes = 0) => hours * 60 + minutes;

describe('instantAt', () => {
  it('turns 08:00 in New York into 13:00Z in winter and 12:00Z in summer', () => {
    // Act / Assess
    expect(iso(instantAt('America/New_York', day(2026, 1, 15), at(8)))).toBe('2026-01-15T13:00:00.000Z');
    expect(iso(instantAt('America/New_York', day(2026, 7, 15), at(8)))).toBe('2026-07-15T12:00:00.000Z');
  });

  it('on the spring change, 08:00 is already daylight time, and 02:30 (skipped) becomes the change itself', () => {
    // Act / Assess: New York springs from 02:00 EST to 03:00 EDT on 2026-03-08 (07:00Z).
    expect(iso(instantAt('America/New_York', day(2026, 3, 8), at(8)))).toBe('2026-03-08T12:00:00.000Z');
    expect(iso(instantAt('America/New_York', day(2026, 3, 8), at(2, 30)))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantAt('Europe/Paris', day(2026, 3, 29), at(2, 30)))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('on the autumn change, 08:00 is standard time again, and 01:30 (repeated) is its first occurrence', () => {
    // Act / Assess: New York falls back from 02:00 EDT to 01:00 EST on 2026-11-01 (06:00Z).
    expect(iso(instantAt('America/New_York', day(2026, 11, 1), at(8)))).toBe('2026-11-01T13:00:00.000Z');
    expect(iso(instantAt('America/New_York', day(2026, 11, 1), at(1, 30)))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads 24:00 as the midnight that starts the next day', () => {
    // Act / Assess
    expect(iso(instantAt('Asia/Kolkata', day(2026, 6, 1), at(24)))).toBe('2026-06-01T18:30:00.000Z');
  });
});

describe('localDateAt', () => {
  it('gives the calendar day and weekday in the zone, which may differ from UTC’s', () => {
    // Act
    const tokyo = localDateAt('Asia/Tokyo', Date.parse('2026-03-27T16:00:00Z'));
    const honolulu = localDateAt('Pacific/Honolulu', Date.parse('2026-03-27T06:00:00Z'));

    // Assess
    expect(tokyo).toEqual({ year: 2026, month: 3, day: 28, weekday: 6 });
    expect(honolulu).toEqual({ year: 2026, month: 3, day: 26, weekday: 4 });
  });
});

describe('isTimeZone', () => {
  it('knows IANA names and their links, spelt as Intl spells them, and refuses offsets', () => {
    // Act / Assess
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('US/Eastern')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('+02:00')).toBe(false);
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
  });
});

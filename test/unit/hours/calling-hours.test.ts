import type { CallingHoursSetting, Weekday } from '../../../lib/config';
import { parsePhoneNumber } from '../../../lib/calls/phone';
import type { Callee } from '../../../lib/hours/calling-hours';
import { checkCallingHours } from '../../../lib/hours/calling-hours';
import { easterSunday } from '../../../lib/hours/holidays';

// Dates are written in UTC with the local time they are beside them. 2026: US clocks change on
// 8 March and 1 November, European ones on 29 March and 25 October; Easter is 5 April.

const COUNTRY: CallingHoursSetting = { mode: 'country' };

/** An explicit window, `HH:MM-HH:MM` on `days` (every day unless given). */
function hours(span: string, days: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6]): CallingHoursSetting {
  const [from, to] = span.split('-').map((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3)));
  return { mode: 'window', window: { from, to, days: new Set(days) } };
}

function callee(text: string, timeZone?: string): Callee {
  const parsed = parsePhoneNumber(text, 'US');
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return { ...parsed.number, ...(timeZone === undefined ? {} : { timeZone }) };
}

/** The verdict at `instant`, with nextAllowedAt as an ISO string for readable expectations. */
function check(setting: CallingHoursSetting, who: Callee, instant: string) {
  const verdict = checkCallingHours(setting, who, new Date(instant));
  return verdict.kind === 'outside' ? { ...verdict, nextAllowedAt: verdict.nextAllowedAt.toISOString() } : verdict;
}

describe('checkCallingHours', () => {
  describe('CALLING_HOURS=off', () => {
    it('allows a call at any hour', () => {
      // Act / Assess: 03:00 in New York.
      expect(check({ mode: 'off' }, callee('+1 212 555 0143'), '2026-06-10T07:00:00Z')).toEqual({ kind: 'allowed' });
    });
  });

  describe('a number whose area code spans two zones (605: Mountain and Central)', () => {
    it('is refused while the window holds in one zone only, until it holds in both', () => {
      // Act: 07:30 in Denver, 08:30 in North Dakota's Central time.
      const verdict = check(COUNTRY, callee('+1 605 555 0143'), '2026-06-10T13:30:00Z');

      // Assess: 08:00 in Denver.
      expect(verdict).toEqual({
        kind: 'outside',
        nextAllowedAt: '2026-06-10T14:00:00.000Z',
        window: 'US: 08:00–21:00 every day (47 CFR 64.1200(c)(1))',
        timeZones: ['America/Denver', 'America/North_Dakota/Center'],
      });
    });

    it('is refused once the eastern zone passes 21:00, until 08:00 in the western one the next day', () => {
      // Act: 20:30 in Denver, 21:30 Central.
      const verdict = check(COUNTRY, callee('+1 605 555 0143'), '2026-06-11T02:30:00Z');

      // Assess
      expect(verdict).toMatchObject({ kind: 'outside', nextAllowedAt: '2026-06-11T14:00:00.000Z' });
    });

    it('is allowed when both zones are inside the window', () => {
      // Act / Assess: 12:00 in Denver, 13:00 Central.
      expect(check(COUNTRY, callee('+1 605 555 0143'), '2026-06-10T18:00:00Z')).toEqual({ kind: 'allowed' });
    });
  });

  describe('a French number', () => {
    it('is refused on a Saturday until Monday 10:00, after the spring change in between', () => {
      // Act: Saturday 28 March 2026, 11:00 in Paris (CET, UTC+1).
      const verdict = check(COUNTRY, callee('+33 6 12 34 56 78'), '2026-03-28T10:00:00Z');

      // Assess: Monday 30 March, 10:00 CEST (UTC+2).
      expect(verdict).toEqual({
        kind: 'outside',
        nextAllowedAt: '2026-03-30T08:00:00.000Z',
        window: 'FR: 10:00–13:00 and 14:00–20:00 Mon–Fri, not on public holidays (Code de la consommation D223-9)',
        timeZones: ['Europe/Paris'],
      });
    });

    it('waits out the lunch break, 13:00–14:00', () => {
      // Act / Assess: Tuesday 9 June, 13:30 in Paris.
      expect(check(COUNTRY, callee('+33 1 42 68 53 00'), '2026-06-09T11:30:00Z')).toMatchObject({ nextAllowedAt: '2026-06-09T12:00:00.000Z' });
    });

    it('skips a public holiday (Ascension, Thursday 14 May 2026) to the next working day', () => {
      // Act: Wednesday 13 May, 20:30 in Paris.
      const verdict = check(COUNTRY, callee('+33 6 12 34 56 78'), '2026-05-13T18:30:00Z');

      // Assess: Friday 15 May, 10:00.
      expect(verdict).toMatchObject({ kind: 'outside', nextAllowedAt: '2026-05-15T08:00:00.000Z' });
    });
  });

  describe('the request’s timeZone', () => {
    it('replaces the zones of the number', () => {
      // Prepare: 15:00 in New York, 21:00 in Paris.
      const instant = '2026-06-10T19:00:00Z';

      // Act
      const ownZone = check(COUNTRY, callee('+1 212 555 0143'), instant);
      const inParis = check(COUNTRY, callee('+1 212 555 0143', 'Europe/Paris'), instant);

      // Assess: still the US rule (the number's country), in the callee's zone; 08:00 in Paris next.
      expect(ownZone).toEqual({ kind: 'allowed' });
      expect(inParis).toEqual({
        kind: 'outside',
        nextAllowedAt: '2026-06-11T06:00:00.000Z',
        window: 'US: 08:00–21:00 every day (47 CFR 64.1200(c)(1))',
        timeZones: ['Europe/Paris'],
      });
    });

    it('makes a number of unknown zones callable', () => {
      // Prepare
      const unknownZone: Callee = { e164: '+12125550143', country: 'US', type: 'UNKNOWN' };

      // Act / Assess
      expect(check(COUNTRY, unknownZone, '2026-06-10T19:00:00Z')).toEqual({
        kind: 'time_zone_required',
        window: 'US: 08:00–21:00 every day (47 CFR 64.1200(c)(1))',
        timeZones: [],
      });
      expect(check(COUNTRY, { ...unknownZone, timeZone: 'America/New_York' }, '2026-06-10T19:00:00Z')).toEqual({ kind: 'allowed' });
    });
  });

  describe('daylight saving time', () => {
    it('opens at 08:00 daylight time on the spring change (12:00Z, not 13:00Z)', () => {
      // Act: Saturday 7 March 2026, 22:00 EST.
      const verdict = check(COUNTRY, callee('+1 212 555 0143'), '2026-03-08T03:00:00Z');

      // Assess: Sunday 8 March, 08:00 EDT.
      expect(verdict).toMatchObject({ nextAllowedAt: '2026-03-08T12:00:00.000Z' });
    });

    it('opens at 08:00 standard time on the autumn change (13:00Z, not 12:00Z)', () => {
      // Act: Saturday 31 October 2026, 22:00 EDT.
      const verdict = check(COUNTRY, callee('+1 212 555 0143'), '2026-11-01T02:00:00Z');

      // Assess: Sunday 1 November, 08:00 EST.
      expect(verdict).toMatchObject({ nextAllowedAt: '2026-11-01T13:00:00.000Z' });
    });

    it('closes at 21:00 local on both sides of the change: 20:59 EDT is allowed, 21:00 EST is not', () => {
      // Act / Assess
      expect(check(COUNTRY, callee('+1 212 555 0143'), '2026-10-31T00:59:00Z')).toEqual({ kind: 'allowed' });
      expect(check(COUNTRY, callee('+1 212 555 0143'), '2026-11-02T02:00:00Z')).toMatchObject({ kind: 'outside' });
    });
  });

  describe('the per-country rules', () => {
    it('applies Florida’s 08:00–20:00 to a Florida area code, and the federal 21:00 elsewhere', () => {
      // Act: 20:30 in New York and Miami.
      const miami = check(COUNTRY, callee('+1 305 555 0143'), '2026-06-11T00:30:00Z');
      const newYork = check(COUNTRY, callee('+1 212 555 0143'), '2026-06-11T00:30:00Z');

      // Assess
      expect(miami).toMatchObject({ kind: 'outside', nextAllowedAt: '2026-06-11T12:00:00.000Z', window: 'US Florida area code: 08:00–20:00 every day (Fla. Stat. 501.616(6)(a))' });
      expect(newYork).toEqual({ kind: 'allowed' });
    });

    it('gives Canada its weekend hours: Sunday 09:30 in Toronto waits until 10:00', () => {
      // Act / Assess: Sunday 14 June 2026.
      expect(check(COUNTRY, callee('+1 416 555 0143'), '2026-06-14T13:30:00Z')).toMatchObject({ nextAllowedAt: '2026-06-14T14:00:00.000Z' });
    });

    it('keeps Australian numbers off Christmas, Boxing Day (a Saturday) and Sunday', () => {
      // Act: Christmas Day 2026, a Friday, 10:00 in Sydney (AEDT, UTC+11).
      const verdict = check(COUNTRY, callee('+61 2 9374 4000'), '2026-12-24T23:00:00Z');

      // Assess: Monday 28 December, 09:00.
      expect(verdict).toMatchObject({ kind: 'outside', nextAllowedAt: '2026-12-27T22:00:00.000Z', timeZones: ['Australia/Sydney'] });
    });

    it('calls an Australian mobile only when 09:00–20:00 holds from the Cocos Islands to Lord Howe', () => {
      // Act: Monday 8 June 2026, 08:00 in Perth (UTC+8), 10:00 in Sydney.
      const verdict = check(COUNTRY, callee('+61 412 345 678'), '2026-06-08T00:00:00Z');

      // Assess: 09:00 on the Cocos Islands (UTC+6:30) opens the last zone.
      expect(verdict).toMatchObject({ kind: 'outside', nextAllowedAt: '2026-06-08T02:30:00.000Z' });
    });

    it('gives other countries the fallback: a British number on a Sunday waits until Monday 09:00', () => {
      // Act: Sunday 14 June 2026, 12:00 in London (BST).
      const verdict = check(COUNTRY, callee('+44 20 7946 0018'), '2026-06-14T11:00:00Z');

      // Assess
      expect(verdict).toEqual({
        kind: 'outside',
        nextAllowedAt: '2026-06-15T08:00:00.000Z',
        window: 'fallback for countries without a sourced rule: 09:00–20:00 Mon–Fri, 10:00–17:00 Sat, not Sun',
        timeZones: ['Europe/London'],
      });
    });
  });

  describe('an explicit window', () => {
    it('holds on the days it names only', () => {
      // Act: Saturday 13 June 2026, 10:00 in New York.
      const verdict = check(hours('09:00-17:30', [1, 2, 3, 4, 5]), callee('+1 212 555 0143'), '2026-06-13T14:00:00Z');

      // Assess: Monday 09:00.
      expect(verdict).toEqual({
        kind: 'outside',
        nextAllowedAt: '2026-06-15T13:00:00.000Z',
        window: 'CALLING_HOURS 09:00–17:30, Mon, Tue, Wed, Thu, Fri',
        timeZones: ['America/New_York'],
      });
    });

    it('applies to every country alike, replacing the country rules', () => {
      // Act / Assess: Saturday 13 June 2026, 12:00 in Paris.
      expect(check(hours('08:00-21:00'), callee('+33 6 12 34 56 78'), '2026-06-13T10:00:00Z')).toEqual({ kind: 'allowed' });
    });
  });

  describe('when no time satisfies every zone', () => {
    it('asks for the time zone: a one-hour window cannot hold at once from Guam to Newfoundland', () => {
      // Act
      const verdict = check(hours('09:00-10:00'), callee('+1 800 555 0143'), '2026-06-10T18:00:00Z');

      // Assess
      expect(verdict).toMatchObject({ kind: 'time_zone_required', window: 'CALLING_HOURS 09:00–10:00, every day' });
    });

    it('finds the common hours of a long window across the same zones', () => {
      // Act: 08:00–21:00 from Guam (UTC+10) to Pago Pago (UTC−11) and St John's (UTC−2:30 in summer) share 22:00–23:30Z.
      const verdict = check(hours('08:00-21:00'), callee('+1 800 555 0143'), '2026-06-10T18:00:00Z');

      // Assess
      expect(verdict).toMatchObject({ kind: 'outside', nextAllowedAt: '2026-06-10T22:00:00.000Z' });
    });
  });
});

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%i: %s', (year, expected) => {
    // Act
    const { month, day } = easterSunday(year);

    // Assess
    expect(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).toBe(expected);
  });
});

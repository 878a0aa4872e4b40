import type { LocalDate } from './zoned-time';
import { addDays } from './zoned-time';

/** `MM-DD` of a day, the key of a year's holiday set. */
export const monthDay = (date: Pick<LocalDate, 'month' | 'day'>): string =>
  `${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/**
 * Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus): the
 * movable holidays of France and Australia hang on it.
 */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return addDays({ year, month, day, weekday: 0 }, 0);
}

/** Days after Easter Sunday, and fixed `MM-DD` days: one country's holidays, as data. */
export interface HolidayRule {
  readonly fixed: readonly string[];
  readonly afterEaster: readonly number[];
}

/**
 * France: the eleven "fêtes légales" of Code du travail art. L3133-1 (legifrance.gouv.fr, in force
 * 2024): 1 January, Easter Monday, 1 May, 8 May, Ascension (Easter + 39), Whit Monday (Easter + 50),
 * 14 July, Assumption (15 August), All Saints (1 November), 11 November, Christmas. Art. D223-9 of
 * the Code de la consommation forbids canvassing calls on them. The local holidays of Alsace-Moselle
 * (Good Friday, 26 December: L3134-13) and of the overseas departments (L3422-2) are not in that list
 * and are not excluded here.
 */
export const FRENCH_PUBLIC_HOLIDAYS: HolidayRule = {
  fixed: ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'],
  afterEaster: [1, 39, 50],
};

/**
 * Australia: the Telemarketing and Research Calls Industry Standard 2017 allows no telemarketing call
 * on a "national public holiday"; its definition of the term was not found (UNKNOWN, scale-facts §5).
 * INFERRED from secondary sources: the seven days every state and territory keeps, New Year's Day,
 * Australia Day (26 January), Good Friday (Easter − 2), Easter Monday (Easter + 1), Anzac Day
 * (25 April), Christmas Day and Boxing Day, excluded on their own dates. The substitute days states
 * declare when one falls on a weekend (usually the Monday after) differ by state and are NOT excluded.
 */
export const AUSTRALIAN_NATIONAL_HOLIDAYS: HolidayRule = {
  fixed: ['01-01', '01-26', '04-25', '12-25', '12-26'],
  afterEaster: [-2, 1],
};

const years = new Map<HolidayRule, Map<number, ReadonlySet<string>>>();

/** Whether `date` is one of the rule's holidays. */
export function isHoliday(rule: HolidayRule, date: LocalDate): boolean {
  let byYear = years.get(rule);
  if (!byYear) years.set(rule, (byYear = new Map()));
  let days = byYear.get(date.year);
  if (!days) {
    const easter = easterSunday(date.year);
    days = new Set([...rule.fixed, ...rule.afterEaster.map((offset) => monthDay(addDays(easter, offset)))]);
    byYear.set(date.year, days);
  }
  return days.has(monthDay(date));
}

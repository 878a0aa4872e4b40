import type { CallingWindow, Span } from './calling-window';
import { week } from './calling-window';
import { FLORIDA_AREA_CODES } from './data/time-zone-map';
import { AUSTRALIAN_NATIONAL_HOLIDAYS, FRENCH_PUBLIC_HOLIDAYS } from './holidays';

// CALLING_HOURS=country: the calling-hour rules found for each destination country, as data, each
// with its source (scale-facts §5; not legal advice). Each rule restricts telemarketing /
// solicitation calls; the exemptions (consent, business relationship, …) are the deployment's to
// judge: a deployment whose calls are exempt sets CALLING_HOURS=off or a window of its own.

const at = (hours: number, minutes = 0): number => hours * 60 + minutes;
const none: readonly Span[] = [];

/** USA, 47 CFR 64.1200(c)(1) (FCC; the FTC's 16 CFR 310.4 says the same): 8 a.m. to 9 p.m. at the called party's location, every day. */
const US_FEDERAL: CallingWindow = {
  description: 'US: 08:00–21:00 every day (47 CFR 64.1200(c)(1))',
  week: week(...sevenTimes([[at(8), at(21)]])),
};

/**
 * Florida, Fla. Stat. 501.616(6)(a) (SB 1120, 2021): 8 a.m. to 8 p.m. in the called person's zone.
 * A number's area code stands for the callee's state, as its time zones stand for theirs.
 */
const FLORIDA: CallingWindow = {
  description: 'US Florida area code: 08:00–20:00 every day (Fla. Stat. 501.616(6)(a))',
  week: week(...sevenTimes([[at(8), at(20)]])),
};

/**
 * Canada, CRTC Unsolicited Telecommunications Rules: 9:00–21:30 on weekdays, 10:00–18:00 on
 * weekends. Statutory holidays: the rules found say nothing of them (UNKNOWN, scale-facts §5), so
 * a holiday is treated as the weekday it falls on. Stricter provincial rules are not applied.
 */
const CANADA: CallingWindow = {
  description: 'CA: 09:00–21:30 Mon–Fri, 10:00–18:00 Sat–Sun (CRTC Unsolicited Telecommunications Rules; holidays not known, not excluded)',
  week: week([[at(10), at(18)]], ...fiveTimes([[at(9), at(21, 30)]]), [[at(10), at(18)]]),
};

/**
 * France, Code de la consommation art. D223-9 (Décret 2022-1313, in force 2023-03-01): Monday to
 * Friday, 10:00–13:00 and 14:00–20:00; never on Saturday, Sunday or a public holiday (holidays.ts).
 */
const FRANCE: CallingWindow = {
  description: 'FR: 10:00–13:00 and 14:00–20:00 Mon–Fri, not on public holidays (Code de la consommation D223-9)',
  week: week(none, ...fiveTimes([[at(10), at(13)], [at(14), at(20)]]), none),
  holidays: FRENCH_PUBLIC_HOLIDAYS,
};

/**
 * Australia, Telecommunications (Telemarketing and Research Calls) Industry Standard 2017:
 * telemarketing 9:00–20:00 Monday to Friday, 9:00–17:00 Saturday, never Sunday or a national
 * public holiday (which days those are: holidays.ts, INFERRED).
 */
const AUSTRALIA: CallingWindow = {
  description: 'AU: 09:00–20:00 Mon–Fri, 09:00–17:00 Sat, not Sun or national public holidays (Telemarketing and Research Calls Industry Standard 2017)',
  week: week(none, ...fiveTimes([[at(9), at(20)]]), [[at(9), at(17)]]),
  holidays: AUSTRALIAN_NATIONAL_HOLIDAYS,
};

/**
 * Every other country (the UK and Germany among them: no statutory hours found, scale-facts §5),
 * including the US territories with their own country codes in libphonenumber (PR, GU, VI, …): our
 * choice, the hours that every sourced rule but France's allows (US, Florida, Canada, Australia):
 * 09:00–20:00 Monday to Friday, 10:00–17:00 Saturday, never Sunday. No holidays are known for them.
 */
export const FALLBACK_WINDOW: CallingWindow = {
  description: 'fallback for countries without a sourced rule: 09:00–20:00 Mon–Fri, 10:00–17:00 Sat, not Sun',
  week: week(none, ...fiveTimes([[at(9), at(20)]]), [[at(10), at(17)]]),
};

/** Destination country (ISO 3166 alpha-2, libphonenumber's reading of the number) → its window. */
export const COUNTRY_WINDOWS: Readonly<Record<string, CallingWindow>> = {
  US: US_FEDERAL,
  CA: CANADA,
  FR: FRANCE,
  AU: AUSTRALIA,
};

const FLORIDA_NPAS: ReadonlySet<number> = new Set(FLORIDA_AREA_CODES);

/** The window of a number of `country` (E.164 `e164`): its country's, Florida's for a Florida area code, else the fallback. */
export function countryWindow(country: string | undefined, e164: string): CallingWindow {
  if (country === 'US' && FLORIDA_NPAS.has(Number(e164.slice(2, 5)))) return FLORIDA;
  return (country !== undefined && COUNTRY_WINDOWS[country]) || FALLBACK_WINDOW;
}

function sevenTimes(spans: readonly Span[]): [readonly Span[], readonly Span[], readonly Span[], readonly Span[], readonly Span[], readonly Span[], readonly Span[]] {
  return [spans, spans, spans, spans, spans, spans, spans];
}

function fiveTimes(spans: readonly Span[]): [readonly Span[], readonly Span[], readonly Span[], readonly Span[], readonly Span[]] {
  return [spans, spans, spans, spans, spans];
}

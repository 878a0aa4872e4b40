import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';
import * as max from 'libphonenumber-js/max';
import { METADATA } from '../../../lib/phone/metadata';
import * as trimmed from '../../../lib/phone/numbers';
import { installedMetadata, metadataModule, trimmedMetadata, withoutFormatting } from '../../../scripts/phone-metadata';

// The service reads numbers with libphonenumber on lib/phone/metadata.ts, /max's metadata without
// what only formatting reads. The destination policy sees a number's validity, E.164 form, country
// and type, and why it is refused: these must be /max's, number for number.

const ROOT = join(__dirname, '..', '..', '..');
const FULL = installedMetadata().metadata as MetadataJson & { nonGeographic: Record<string, unknown[]> };
const OURS = METADATA as MetadataJson & { nonGeographic: Record<string, unknown[]> };

/** libphonenumber's number types, in the order a numbering plan lists their patterns (metadata version 4). */
const TYPES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER', 'VOICEMAIL', 'UAN', 'PAGER', 'VOIP', 'SHARED_COST'];
const PLAN = { callingCode: 0, nationalPrefix: 5, types: 11 } as const;

type Library = Pick<typeof trimmed, 'parsePhoneNumberWithError' | 'validatePhoneNumberLength'>;

/** All the destination policy learns of a text read in a country: the error, or the number's fields, and the length verdict. */
function reading(library: Library, text: string, country: CountryCode): Record<string, unknown> {
  const length = library.validatePhoneNumberLength(text, country) ?? 'possible';
  try {
    const number = library.parsePhoneNumberWithError(text, { defaultCountry: country, extract: false });
    return { e164: number.number, country: number.country, valid: number.isValid(), possible: number.isPossible(), type: number.getType(), ext: number.ext, length };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), length };
  }
}

/** A few national numbers matching each of a numbering plan's type patterns: numbers of every type it knows. */
function numbersOfEveryType(plan: unknown[], seed: number): Array<{ type: string; national: string }> {
  const types = (plan[PLAN.types] || []) as Array<[string] | 0>;
  return types.flatMap((entry, index) => {
    // An empty pattern stands for another type's (the US writes its mobile numbers so: fixed line or mobile).
    if (!entry || entry[0] === '') return [];
    const pattern = new RegExp(`^(?:${entry[0]})$`);
    return fc.sample(fc.stringMatching(pattern), { numRuns: 3, seed: seed + index }).map((national) => ({ type: TYPES[index], national }));
  });
}

describe('lib/phone/metadata.ts', () => {
  it('is what npm run phone-metadata makes of the installed libphonenumber-js', () => {
    // Prepare
    const { version, metadata } = installedMetadata();

    // Act
    const expected = metadataModule(version, trimmedMetadata(metadata));

    // Assess
    expect(readFileSync(join(ROOT, 'lib', 'phone', 'metadata.ts'), 'utf8') === expected).toBe(true);
  });

  it("holds /max's calling codes and every country's and non-geographic code's numbering plan, without formats", () => {
    // Act
    const plans = (metadata: typeof FULL) => ({ ...metadata.countries, ...metadata.nonGeographic }) as Record<string, unknown[]>;
    const differing = Object.entries(plans(FULL)).filter(([key, plan]) => JSON.stringify(withoutFormatting(plan)) !== JSON.stringify(plans(OURS)[key]));

    // Assess
    expect({ callingCodes: OURS.country_calling_codes, plans: Object.keys(plans(OURS)), differing }).toEqual({
      callingCodes: FULL.country_calling_codes,
      plans: Object.keys(plans(FULL)),
      differing: [],
    });
    expect(JSON.stringify(OURS).length).toBeLessThan(0.7 * JSON.stringify(FULL).length);
  });
});

describe('libphonenumber on the trimmed metadata', () => {
  it('reads numbers of every type of every country and non-geographic code as /max does, written internationally, nationally and with the trunk prefix', () => {
    // Prepare
    const countries = Object.entries(FULL.countries).map(([country, plan]) => ({ country: country as CountryCode, plan: plan as unknown[] }));
    const nonGeographic = Object.values(FULL.nonGeographic).map((plan) => ({ country: 'US' as CountryCode, plan }));
    const texts = [...countries, ...nonGeographic].flatMap(({ country, plan }, index) =>
      numbersOfEveryType(plan, 1000 * index).flatMap(({ national }) => [
        { text: `+${plan[PLAN.callingCode] as string} ${national}`, country },
        { text: national, country },
        { text: `${(plan[PLAN.nationalPrefix] as string | 0) || ''}${national}`, country },
      ]),
    );

    // Act
    const readings = texts.map(({ text, country }) => ({ text, country, ours: reading(trimmed, text, country), full: reading(max, text, country) }));

    // Assess
    expect(readings.filter(({ ours, full }) => JSON.stringify(ours) !== JSON.stringify(full))).toEqual([]);
    // Not a vacuous agreement: /max reads valid numbers of every type among them.
    const typesRead = new Set(readings.map(({ full }) => (full.valid ? full.type : undefined)));
    expect([...TYPES, 'FIXED_LINE_OR_MOBILE'].filter((type) => !typesRead.has(type))).toEqual([]);
  });

  it('reads arbitrary digit strings, with or without +, as /max does in any country', () => {
    const countries = Object.keys(FULL.countries) as CountryCode[];
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 ()-]{1,20}$/), fc.constantFrom(...countries), (text, country) => {
        // Act
        const ours = reading(trimmed, text, country);

        // Assess
        expect(ours).toEqual(reading(max, text, country));
      }),
      { numRuns: 3000, seed: 23 },
    );
  });

  it("knows /max's countries and their calling codes", () => {
    // Prepare
    const countries = [...Object.keys(FULL.countries), 'XX', 'us', ''];

    // Act
    const ours = countries.map((code) => [code, trimmed.isSupportedCountry(code) ? trimmed.getCountryCallingCode(code) : undefined]);

    // Assess
    expect(ours).toEqual(countries.map((code) => [code, max.isSupportedCountry(code) ? max.getCountryCallingCode(code) : undefined]));
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePhoneNumber } from '../../../lib/calls/phone';
import { TIME_ZONE_MAP } from '../../../lib/hours/data/time-zone-map';
import { timeZonesOfNumber, zonesOfDigits } from '../../../lib/hours/number-time-zones';
import { isTimeZone } from '../../../lib/hours/zoned-time';

/** The zones of a number as a caller writes it, parsed as the API parses it. */
function zonesOf(text: string): readonly string[] {
  const parsed = parsePhoneNumber(text, 'US');
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return timeZonesOfNumber(parsed.number);
}

describe('timeZonesOfNumber', () => {
  it('gives both zones of a NANP area code split between two (605: Mountain and Central)', () => {
    // Act / Assess
    expect(zonesOf('+1 605 555 0143')).toEqual(['America/Denver', 'America/North_Dakota/Center']);
  });

  it('takes the longest prefix: an exchange of that area code listed on its own has its one zone', () => {
    // Act / Assess
    expect(zonesOf('+1 605 201 5678')).toEqual(['America/Chicago']);
    expect(zonesOf('+1 212 555 0143')).toEqual(['America/New_York']);
  });

  it('reads a mobile number outside the countries with geographic mobiles by its country calling code alone', () => {
    // Act / Assess
    expect(zonesOf('+33 6 12 34 56 78')).toEqual(['Europe/Paris']);
    expect(zonesOf('+61 412 345 678')).toEqual([
      'Australia/Adelaide',
      'Australia/Brisbane',
      'Australia/Eucla',
      'Australia/Lord_Howe',
      'Australia/Perth',
      'Australia/Sydney',
      'Indian/Christmas',
      'Indian/Cocos',
    ]);
  });

  it('reads a fixed line by its area code (+61 2: Sydney, not the whole country)', () => {
    // Act / Assess
    expect(zonesOf('+61 2 9374 4000')).toEqual(['Australia/Sydney']);
  });

  it('reads a toll-free number by its country: every zone of the NANP', () => {
    // Act
    const zones = zonesOf('+1 800 555 0143');

    // Assess
    expect(zones).toHaveLength(42);
    expect(zones).toEqual(expect.arrayContaining(['Pacific/Guam', 'America/St_Johns', 'America/Adak']));
  });

  it('knows no zone for a number of no country or of unknown type', () => {
    // Act / Assess
    expect(timeZonesOfNumber({ e164: '+80012345678', country: undefined, type: 'TOLL_FREE' })).toEqual([]);
    expect(timeZonesOfNumber({ e164: '+12125550143', country: 'US', type: 'UNKNOWN' })).toEqual([]);
  });
});

describe('zonesOfDigits', () => {
  it('finds nothing for digits no prefix of the data starts', () => {
    // Act / Assess
    expect(zonesOfDigits('0')).toEqual([]);
  });
});

describe('the vendored time-zone data', () => {
  const vendored = readFileSync(join(__dirname, '..', '..', '..', 'lib', 'hours', 'data', 'map_data.txt'), 'utf8');

  it('keeps the Apache-2.0 notice of The Libphonenumber Authors and says where it was read', () => {
    // Assess
    expect(vendored).toMatch(/^# Copyright \(C\) 2012 The Libphonenumber Authors\n/);
    expect(vendored).toContain('# Licensed under the Apache License, Version 2.0');
    expect(vendored).toMatch(/# Read from .+\n# by scripts\/refresh-time-zones\.ts on \d{4}-\d{2}-\d{2}\./);
  });

  it('is the module the code loads, line for line (neither was edited by hand)', () => {
    // Prepare
    const lines = vendored.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

    // Assess
    expect(TIME_ZONE_MAP.split('\n')).toEqual(lines);
  });

  it('names only zones that Node’s Intl knows', () => {
    // Prepare
    const zones = new Set(TIME_ZONE_MAP.split('\n').flatMap((line) => line.split('|')[1].split('&')));

    // Act
    const unknown = [...zones].filter((zone) => !isTimeZone(zone));

    // Assess
    expect(zones.size).toBeGreaterThan(250);
    expect(unknown).toEqual([]);
  });
});

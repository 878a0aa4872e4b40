import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, circlesOf, importGraph, sourcesUnder } from '../support/import-graph';

// The rooms of docs/layout.md and their order, checked on the import graph as TypeScript resolves it.

/** The use cases, each knowing only its own way in; the next capabilities' rooms are named here already. */
const USE_CASES = ['http', 'scheduled', 'outcomes', 'doctor', 'queue', 'later', 'suppression'];

/** The rooms below the use cases, top to bottom: a room may import only rooms of a greater rank. */
const RANK: Readonly<Record<string, number>> = {
  'container.ts': 1,
  idempotency: 2,
  calls: 2,
  // Who may read what the service keeps for a caller (mayRead): GET /calls, and next batches,
  // scheduled calls and suppression entries, ask the one function there.
  access: 2,
  problems: 3,
  // Calling hours have no way in of their own: POST /calls, the dialer and calls for later consult
  // them, and calls/ reads a request's timeZone with them.
  hours: 3,
  telemetry: 4,
  'config.ts': 5,
  genesys: 6,
  aws: 7,
  // libphonenumber on the metadata the service needs: calls/, hours/ and config.ts read numbers with it.
  phone: 7,
};

/** The room of a file under lib/: its folder, or `config.ts` / `container.ts`. */
const roomOf = (file: string): string => file.split('/')[1];

const LIB = importGraph(['lib']);

/** `file imports target` for every import between two different rooms of lib/ for which `refused(from, to)` holds. */
function importsBetweenRooms(refused: (from: string, to: string) => boolean): string[] {
  return [...LIB].flatMap(([file, targets]) =>
    targets
      .filter((target) => target.startsWith('lib/') && roomOf(target) !== roomOf(file) && refused(roomOf(file), roomOf(target)))
      .map((target) => `${file} imports ${target}`),
  );
}

describe('layering', () => {
  describe('the rooms of lib/', () => {
    it('lib/ holds only rooms (folders) besides config.ts and container.ts', () => {
      // Act
      const loose = readdirSync(join(ROOT, 'lib'), { withFileTypes: true })
        .filter((entry) => !entry.isDirectory())
        .map((entry) => entry.name);

      // Assess
      expect(loose.sort()).toEqual(['config.ts', 'container.ts']);
    });

    it('every room of lib/ has its place: a use case, or a rank in the order below them', () => {
      // Act
      const unplaced = readdirSync(join(ROOT, 'lib')).filter((room) => !USE_CASES.includes(room) && RANK[room] === undefined);

      // Assess
      expect(unplaced).toEqual([]);
    });

    it('lib/aws and lib/phone import nothing else from lib, and lib/genesys only lib/aws (the secret reads and bounds): the Genesys client, the AWS clients and the phone metadata own their settings and types', () => {
      // Act
      const outside = importsBetweenRooms((from, to) => from === 'aws' || from === 'phone' || (from === 'genesys' && to !== 'aws'));

      // Assess
      expect(outside).toEqual([]);
    });

    it('no room below the use cases imports one, except container.ts, the composition root', () => {
      // Act
      const upward = importsBetweenRooms((from, to) => RANK[from] !== undefined && from !== 'container.ts' && USE_CASES.includes(to));

      // Assess
      expect(upward).toEqual([]);
    });

    it('below the use cases every arrow points down: container.ts → idempotency, calls → problems → telemetry → config.ts → genesys → aws', () => {
      // Act
      const upward = importsBetweenRooms((from, to) => RANK[from] !== undefined && RANK[to] !== undefined && RANK[to] <= RANK[from]);

      // Assess
      expect(upward).toEqual([]);
    });

    it('only container.ts and functions/ import more than one use case', () => {
      // Prepare
      const useCasesImported = new Map<string, Set<string>>();
      for (const [file, targets] of LIB) {
        const room = roomOf(file);
        if (room === 'container.ts') continue;
        const imported = useCasesImported.get(room) ?? new Set<string>();
        targets.filter((target) => target.startsWith('lib/') && roomOf(target) !== room && USE_CASES.includes(roomOf(target))).forEach((target) => imported.add(roomOf(target)));
        useCasesImported.set(room, imported);
      }

      // Act
      const hubs = [...useCasesImported].filter(([, imported]) => imported.size > 1).map(([room, imported]) => `${room} imports ${[...imported].join(', ')}`);

      // Assess
      expect(hubs).toEqual([]);
    });
  });

  it('lib imports neither the functions, the emulator, the tests nor the scripts', () => {
    // Act
    const wrongWay = [...LIB].flatMap(([file, targets]) =>
      targets.filter((target) => /^(functions|emulator|test|scripts|bench)\//.test(target)).map((target) => `${file} imports ${target}`),
    );

    // Assess
    expect(wrongWay).toEqual([]);
  });

  it.each(['lib', 'emulator'])('%s/ has no import circle', (folder) => {
    // Act
    const circles = circlesOf(importGraph([folder]));

    // Assess
    expect(circles).toEqual([]);
  });

  it('only lib/config.ts reads process.env in functions and lib', () => {
    // Act
    const readers = [...sourcesUnder('functions'), ...sourcesUnder('lib')].filter((file) =>
      readFileSync(join(ROOT, file), 'utf8').includes('process.env'),
    );

    // Assess
    expect(readers).toEqual(['lib/config.ts']);
  });
});

describe('circlesOf', () => {
  it('finds a circle of two files and one of three, and none in a chain', () => {
    // Prepare
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts', 'c.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', ['c.ts']],
      ['f.ts', ['a.ts']],
    ]);

    // Act / Assess
    expect(circlesOf(graph)).toEqual(['a.ts → b.ts → a.ts', 'c.ts → d.ts → e.ts → c.ts']);
    expect(circlesOf(new Map([['x.ts', ['y.ts']], ['y.ts', []]]))).toEqual([]);
  });
});

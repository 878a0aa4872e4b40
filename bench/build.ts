import type { BuildOptions, Metafile } from 'esbuild';
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packageScratchCopy } from '../test/support/scratch-package';
import { esbuildOptionsOf } from './esbuild-options';
import { readZipEntry } from './zip';

/** The function whose deployed bundle is "ours". */
const FUNCTION_NAME = 'createCall';


/**
 * The import-cost breakdown: one dependency each (bench/imports/), imported the way lib/ and
 * functions/ import it and then used once, bundled like the handlers.
 */
export const IMPORT_PARTS: ReadonlyArray<{ name: string; file: string }> = [
  { name: 'libphonenumber-js (lib/phone)', file: 'libphonenumber' },
  { name: '@aws-lambda-powertools/logger', file: 'powertools-logger' },
  { name: '@aws-lambda-powertools/metrics', file: 'powertools-metrics' },
  { name: '@middy/core', file: 'middy-core' },
  { name: 'ky (on fetch)', file: 'ky' },
  { name: 'fetch (built in)', file: 'fetch' },
  { name: 'node:http (for comparison)', file: 'node-http' },
  { name: '@aws-sdk/client-secrets-manager', file: 'secrets-manager' },
  { name: 'purecloud-platform-client-v2', file: 'genesys-sdk' },
  { name: 'idempotency (keyed requests only)', file: 'idempotency' },
  { name: '@aws-sdk/client-dynamodb (call record)', file: 'dynamodb' },
];

/** The deploy parameters without a default (serverless.yml `params`), with the values `.ci/run` packages with. */
const PACKAGE_PARAMS = ['--param=genesysRegion=mypurecloud.com', '--param=genesysCallUserId=e0000000-0000-4000-8000-000000000001'];

export interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

export interface Builds {
  ours: Bundle & { zipBytes: number; zipEntry: string; rebuiltIdentical: boolean };
  /** ours rebuilt with Powertools Metrics replaced by a no-op (bench/stubs/no-metrics.ts): what metrics cost, measured directly. */
  oursNoMetrics: Bundle;
  sdk: Bundle;
  floor: Bundle;
  /** The floor and the call record: one conditional PutItem with the official DynamoDB client. */
  floorRecord: Bundle;
  floorNodeHttp: Bundle;
  bare: Bundle;
  child: string;
  parts: Array<{ name: string; file: string; bytes: number }>;
  /** serverless.yml's custom.esbuild as serverless-esbuild hands it to esbuild. */
  esbuildOptions: BuildOptions;
  /** provider.runtime, e.g. nodejs22.x. */
  runtime: string;
  /** Every function's zip as `serverless package` made it, with its handler's JavaScript. */
  zips: FunctionZip[];
}

export interface FunctionZip {
  name: string;
  zipBytes: number;
  /** The handler's bundled JavaScript inside the zip. */
  jsBytes: number;
}

/**
 * "ours" is the JavaScript inside the zip `serverless package` makes for `createCall`, byte for
 * byte what deploys. The package is made in a scratch copy of the service, because
 * serverless-esbuild works in `.esbuild/` at the service root and deletes it afterwards, which
 * would pull the floor from under a `serverless offline` running in the real tree. The other
 * bundles use the options the framework resolved for it, translated as serverless-esbuild does.
 */
export async function buildAll(root: string, outDir: string): Promise<Builds> {
  // Nothing left over from an earlier run can be measured by mistake.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const packaged = await packageService();
  const scratch = packaged.dir;
  try {
    const esbuildOptions = esbuildOptionsOf(packaged.customEsbuild, packaged.runtime);

    // Rebuilt with the translated options (and a metafile): it must equal the packaged bytes, or the
    // other bundles are not made "the same way".
    const rebuilt = await bundle(esbuildOptions, { entryPoints: [packaged.entry], absWorkingDir: scratch }, join(outDir, 'ours-rebuilt.js'));
    const oursFile = join(outDir, 'ours.js');
    writeFileSync(oursFile, packaged.js);
    const ours = {
      ...measure(oursFile, packaged.js, rebuilt.metafile),
      zipBytes: packaged.zipBytes,
      zipEntry: packaged.zipEntry,
      rebuiltIdentical: readFileSync(rebuilt.file).equals(packaged.js),
    };
    const oursNoMetrics = await bundle(
      esbuildOptions,
      { entryPoints: [packaged.entry], absWorkingDir: scratch, alias: { '@aws-lambda-powertools/metrics': join(root, 'bench/stubs/no-metrics.ts') } },
      join(outDir, 'ours-no-metrics.js'),
    );

    const handler = (name: string) => bundle(esbuildOptions, { entryPoints: [join(root, 'bench/handlers', `${name}.ts`)], absWorkingDir: root }, join(outDir, `${name}.js`));
    const [sdk, floor, floorRecord, floorNodeHttp, bare] = await Promise.all([handler('sdk'), handler('floor'), handler('floor-record'), handler('floor-node-http'), handler('bare')]);
    const child = join(outDir, 'child.js');
    await bundle(esbuildOptions, { entryPoints: [join(root, 'bench/child.ts')], absWorkingDir: root }, child);

    const parts = await Promise.all(
      IMPORT_PARTS.map(async (part) => {
        const file = join(outDir, `import-${part.file}.js`);
        const built = await bundle(esbuildOptions, { entryPoints: [join(root, 'bench/imports', `${part.file}.ts`)], absWorkingDir: root }, file);
        return { name: part.name, file, bytes: built.bytes };
      }),
    );
    return { ours, oursNoMetrics, sdk, floor, floorRecord, floorNodeHttp, bare, child, parts, esbuildOptions, runtime: packaged.runtime, zips: packaged.zips };
  } finally {
    packaged.remove();
  }
}

async function bundle(options: BuildOptions, input: BuildOptions, file: string): Promise<Bundle> {
  const result = await build({ ...options, ...input, outfile: file, write: true, metafile: true, logLevel: 'warning' });
  const metafile = result.metafile;
  writeFileSync(file.replace(/\.js$/, '-meta.json'), JSON.stringify(metafile));
  return measure(file, readFileSync(file), metafile);
}

function measure(file: string, bytes: Buffer, metafile: Metafile): Bundle {
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes).length, metafile };
}

interface Packaged {
  js: Buffer;
  zipBytes: number;
  zipEntry: string;
  /** The entry file serverless-esbuild bundled, relative to the service root. */
  entry: string;
  customEsbuild: Record<string, unknown>;
  runtime: string;
  zips: FunctionZip[];
}

async function packageService(): Promise<Packaged & { dir: string; remove: () => void }> {
  // A deployed stage's package, as `.ci/run` makes it: genesysRegion is a required parameter (no
  // default), and its value changes the function's environment, never the bundle.
  const { dir: scratch, remove } = await packageScratchCopy(['--stage', 'bench', ...PACKAGE_PARAMS]);
  const state = JSON.parse(readFileSync(join(scratch, '.serverless/serverless-state.json'), 'utf8')) as {
    service: { custom: { esbuild?: Record<string, unknown> }; provider: { runtime: string }; functions: Record<string, { handler: string; package: { artifact: string } }> };
  };
  const fn = state.service.functions[FUNCTION_NAME];
  if (!fn) throw new Error(`serverless.yml has no function ${FUNCTION_NAME}`);
  const modulePath = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
  const entry = ['.ts', '.js'].map((extension) => modulePath + extension).find((candidate) => existsSync(join(scratch, candidate)));
  if (!entry) throw new Error(`no source for handler ${fn.handler}`);
  const zip = readFileSync(join(scratch, fn.package.artifact));
  const zipEntry = `${modulePath}.js`;
  const zips = Object.entries(state.service.functions).map(([name, { handler, package: { artifact } }]) => {
    const bytes = readFileSync(join(scratch, artifact));
    return { name, zipBytes: bytes.length, jsBytes: readZipEntry(bytes, `${handler.slice(0, handler.lastIndexOf('.'))}.js`).length };
  });
  return {
    dir: scratch,
    remove,
    js: readZipEntry(zip, zipEntry),
    zipBytes: zip.length,
    zipEntry,
    entry,
    customEsbuild: state.service.custom.esbuild ?? {},
    runtime: state.service.provider.runtime,
    zips,
  };
}

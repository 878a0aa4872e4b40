import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { load } from 'js-yaml';
import { esbuildOptionsOf } from '../../bench/esbuild-options';

// Every function bundled as serverless.yml's custom.esbuild bundles it (bench/esbuild-options.ts is
// serverless-esbuild's translation of it; the bench checks that translation byte for byte against the
// packaged zip). A package left out of the bundle (the AWS SDK, which the Lambda runtime provides) is
// CommonJS; loaded with import() from the CommonJS bundle, Node takes it through its ESM loader,
// which costs a cold start 50 to 100 ms of CPU more than require() (docs/performance.md). And phone
// numbers are read on lib/phone/metadata.ts, libphonenumber's metadata without its formats: a
// function that imported libphonenumber-js/max would bundle and load the full metadata as well.

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');

interface ServerlessYml {
  provider: { runtime: string };
  custom: { esbuild: Record<string, unknown> };
  functions: Record<string, { handler: string }>;
}

const serverlessYml = load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as ServerlessYml;
const options = esbuildOptionsOf(serverlessYml.custom.esbuild, serverlessYml.provider.runtime);

/** The functions that format phone numbers for display, which needs libphonenumber's full metadata: why. */
const FORMATTING: Readonly<Record<string, string>> = { doctor: 'prints an example number of DEFAULT_COUNTRY as a caller would write it' };

/** The bundle serverless-esbuild makes of a function's handler module, and the files in it. */
async function bundleOf(handler: string): Promise<{ text: string; inputs: string[] }> {
  const entry = `${handler.slice(0, handler.lastIndexOf('.'))}.ts`;
  const result = await build({ ...options, entryPoints: [join(ROOT, entry)], absWorkingDir: ROOT, write: false, outfile: 'out.js', logLevel: 'silent', metafile: true });
  return { text: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

/** The packages a bundle loads with a dynamic import(), Node's own modules aside. */
function packagesImported(bundle: string): string[] {
  return [...bundle.matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]).filter((name) => !name.startsWith('node:'));
}

describe('the deployed bundles', () => {
  it.each(Object.entries(serverlessYml.functions))('%s loads the packages left out of its bundle with require(), never import()', async (_name, { handler }) => {
    // Act
    const bundle = await bundleOf(handler);

    // Assess
    expect(packagesImported(bundle.text)).toEqual([]);
  });

  it.each(Object.entries(serverlessYml.functions).filter(([name]) => !FORMATTING[name]))(
    "%s reads phone numbers on lib/phone/metadata.ts alone, without libphonenumber's own metadata (its formats)",
    async (_name, { handler }) => {
      // Act
      const { inputs } = await bundleOf(handler);

      // Assess
      expect(inputs.filter((input) => /libphonenumber-js\/metadata\./.test(input))).toEqual([]);
    },
  );
});

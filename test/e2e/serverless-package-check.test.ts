import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, SERVERLESS } from '../support/processes';

// The real `serverless package` (osls), as a user deploying runs it: bad deploy params are refused by
// the config check plugin before anything is bundled, with the param to fix. A good set packages:
// .ci/run does that on every change.

jest.setTimeout(120_000);

let output: string;
beforeEach(() => {
  output = mkdtempSync(join(tmpdir(), 'package-check-'));
});
afterEach(() => rmSync(output, { recursive: true, force: true }));

async function packageWith(params: string[]) {
  const args = ['package', '--stage', 'ci', '--package', output, ...params.map((param) => `--param=${param}`)];
  const { code, stdout, stderr } = await run(SERVERLESS, args, { AWS_EC2_METADATA_DISABLED: 'true' }, 90_000);
  return { code, text: stdout + stderr };
}

// The region's fix lists the regions, starting with the first of lib/genesys/regions.ts.
const REGION_FIX = 'Fix: --param="genesysRegion=<region>" with your Genesys Cloud org\'s region, as the domain you log in at or the AWS name, one of:\n  mypurecloud.com (us-east-1)\n';

describe('serverless package with bad deploy params', () => {
  it.each([
    ['no genesysRegion', [], 'Deploy param genesysRegion: GENESYS_REGION is required', REGION_FIX],
    [
      'a genesysRegion that is not a Genesys region',
      ['genesysRegion=not-a-region'],
      'Deploy param genesysRegion: GENESYS_REGION "not-a-region" is not a Genesys Cloud region',
      REGION_FIX,
    ],
    [
      'a genesysCallUserId that is not a UUID',
      ['genesysRegion=mypurecloud.ie', 'genesysCallUserId=bob'],
      'Deploy param genesysCallUserId: GENESYS_CALL_USER_ID "bob" is not a Genesys Cloud id',
      'Fix: --param="genesysCallUserId=<user id>"',
    ],
    [
      'a defaultCountry outside allowedCountries',
      ['genesysRegion=mypurecloud.ie', 'allowedCountries=IE,GB'],
      'Deploy param defaultCountry (not set, so US) is not among allowedCountries (IE,GB)',
      'Fix: --param="defaultCountry=IE" (one of IE,GB), or allow it: --param="allowedCountries=IE,GB,US".',
    ],
  ])('refuses %s before bundling, naming the fix', async (_case, params, problem, fix) => {
    // Act
    const { code, text } = await packageWith(params);

    // Assess
    expect({ code, problem: text.includes(problem), fix: text.includes(fix) }).toEqual({ code: 1, problem: true, fix: true });
    expect(text).not.toContain('esbuild');
    expect(existsSync(join(output, 'createCall.zip'))).toBe(false);
  });
});

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
    [
      'a misspelt param name, which the framework alone ignores',
      ['genesysRegion=mypurecloud.ie', 'genesysCallUserID=e0000000-0000-4000-8000-000000000001'],
      '--param="genesysCallUserID=…": genesysCallUserID is not a deploy param of this stack; did you mean genesysCallUserId?',
      'Fix: --param="genesysCallUserId=…". Every param is listed in docs/configuration.md.',
    ],
    [
      'a secret ARN as genesysSecretName, which the IAM grant built from it would never match',
      ['genesysRegion=mypurecloud.ie', 'genesysSecretName=arn:aws:secretsmanager:us-east-1:123456789012:secret:genesys/oauth-client-AbCdEf'],
      "Deploy param genesysSecretName is an ARN, but it takes the secret's name",
      'Fix: --param="genesysSecretName=genesys/oauth-client" (the name in this ARN, without the -AbCdEf',
    ],
    [
      'a value with leading whitespace, which would turn the events on without their grant',
      ['genesysRegion=mypurecloud.ie', 'callOutcomeEvents= true'],
      'Deploy param callOutcomeEvents: its value " true" starts or ends with whitespace',
      'Fix: --param="callOutcomeEvents=true".',
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

describe('serverless package without genesysCallUserId', () => {
  it('packages, and says once that calls naming no userId will fail', async () => {
    // Act
    const { code, text } = await packageWith(['genesysRegion=mypurecloud.ie']);

    // Assess
    const warning = 'Deploy param genesysCallUserId is not set: a call whose request names no userId goes to';
    expect({ code, warnings: text.split(warning).length - 1, packaged: existsSync(join(output, 'createCall.zip')) }).toEqual({
      code: 0,
      warnings: 1,
      packaged: true,
    });
  });
});

import { join } from 'node:path';
import type { Emulator } from '../../emulator';
import { DEMO, start } from '../../emulator';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { leakGuard } from '../support/leak-guard';
import { freePort, ROOT, run, SERVERLESS } from '../support/processes';

// The doctor as users run it: `npm run doctor` (scripts/doctor.ts under tsx) and the `doctor`
// function under `serverless invoke local`, both on the local stage, whose settings come from
// serverless.yml (`serverless print`) and point at an emulator on a free port.

jest.setTimeout(300_000);

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const RUN_TIMEOUT_MS = 240_000;

const doctorCli = (args: string[], env: Record<string, string>) => run(TSX, ['scripts/doctor.ts', ...args], { AWS_EC2_METADATA_DISABLED: 'true', ...env }, RUN_TIMEOUT_MS);

interface JsonReport {
  stage: string;
  settings: string;
  ok: boolean;
  checks: Array<{ id: string; status: string; summary: string }>;
}

describe('npm run doctor', () => {
  describe('with an emulator running at the local stage URL', () => {
    let emulator: Emulator;
    let dynamo: LocalDynamoDB;
    beforeAll(async () => {
      emulator = await start();
      leakGuard.watch(emulator);
      dynamo = await startLocalDynamoDB();
    });
    afterAll(async () => {
      await dynamo.stop();
      await emulator.stop();
    });

    it('checks it with --json, passes every check, places the one --call --yes call and exits 0', async () => {
      // Act
      const { code, stdout, stderr } = await doctorCli(
        ['--stage', 'local', '--json', '--queue', DEMO.queue.id, '--call', '+1 415 555 0100', '--yes'],
        { EMULATOR_PORT: String(emulator.port), DYNAMODB_PORT: String(dynamo.port) },
      );

      // Assess
      leakGuard.observe(stdout + stderr);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(stdout) as JsonReport;
      expect(report).toMatchObject({ stage: 'local', settings: 'the local stage in serverless.yml (the emulator)', ok: true });
      expect(Object.fromEntries(report.checks.map((check) => [check.id, check.status]))).toEqual({
        configuration: 'pass',
        secret: 'pass',
        login: 'pass',
        identity: 'pass',
        callUser: 'pass',
        queue: 'pass',
        permissions: 'pass',
        rateLimits: 'pass',
        eventBridge: 'pass',
        suppressionList: 'pass',
        request: 'pass',
        call: 'pass',
      });
      expect(emulator.records.callsPlaced.map((call) => call.body)).toEqual([{ phoneNumber: '+14155550100', callFromQueueId: DEMO.queue.id }]);
      expect(stdout).toContain('+*******0100');
    });

    it('exits 3 when nothing failed but a check could not be verified, and says so under the table', async () => {
      // Prepare: the OAuth client's role may not read integrations, so the EventBridge check cannot tell.
      emulator.reset();
      emulator.inject('integrations', { kind: 'status', status: 403, code: 'missing.permissions', message: 'Missing permission', messageParams: { perms: 'integrations:integration:view' } });

      // Act
      const { code, stdout, stderr } = await doctorCli(['--stage', 'local'], { EMULATOR_PORT: String(emulator.port), DYNAMODB_PORT: String(dynamo.port) });

      // Assess
      leakGuard.observe(stdout + stderr);
      expect({ code, unknown: /^UNKNOWN +EventBridge /m.test(stdout), summary: /^9 pass, 0 fail, 1 unknown in \d+ ms: nothing failed, but the unknowns above are not verified$/m.test(stdout) }).toEqual({
        code: 3,
        unknown: true,
        summary: true,
      });
    });

    it('refuses --call without --yes when not on a terminal, exits 2 and places nothing', async () => {
      // Prepare
      emulator.reset();

      // Act
      const { code, stderr } = await doctorCli(['--stage', 'local', '--call', '+1 415 555 0100'], { EMULATOR_PORT: String(emulator.port), DYNAMODB_PORT: String(dynamo.port) });

      // Assess
      expect({ code, stderr }).toEqual({ code: 2, stderr: 'doctor: --call places a real call: add --yes to confirm it when not on a terminal.\n' });
      expect(emulator.records.requests).toEqual([]);
    });
  });

  it('starts an emulator and a local DynamoDB when none is running, prints a plain table with the fix, and exits 1 on a failed check', async () => {
    // Prepare: the local stage's call user is one without a station.
    const [port, dynamoPort] = [await freePort(), await freePort()];

    // Act
    const { code, stdout, stderr } = await doctorCli(['--stage', 'local'], {
      EMULATOR_PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      GENESYS_CALL_USER_ID: DEMO.userWithoutStation.id,
    });

    // Assess
    leakGuard.observe(stdout + stderr);
    expect(code).toBe(1);
    expect(stdout).toContain(`Doctor, stage local: settings from the local stage in serverless.yml (the emulator); started at http://127.0.0.1:${port} for this run`);
    expect(stdout).toMatch(/^PASS {5}Configuration {3}/m);
    expect(stdout).toContain(`FAIL     Call user         user "${DEMO.userWithoutStation.name}" has no station: every call would answer 400 conversation.error.no.user.station`);
    expect(stdout).toContain('fix: Assign the user a phone');
    expect(stdout).toMatch(/^PASS {5}Suppression list {2}the hash key is readable/m);
    expect(stdout).toMatch(/^9 pass, 1 fail, 0 unknown in \d+ ms: fix the failures above$/m);
    // Colour only on a terminal.
    expect(stdout).not.toContain('\u001b[');
  });
});

describe('npm run doctor without AWS credentials', () => {
  it('says so on its first line, with how to get some or check the emulator instead, and exits 3 as nothing could be verified', async () => {
    // Prepare: no credentials anywhere the AWS SDK's default chain looks.
    const noCredentials = {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      AWS_WEB_IDENTITY_TOKEN_FILE: '',
    };

    // Act: a first-timer's run before any deploy, naming the one param without a default.
    const { code, stdout, stderr } = await doctorCli(['--stage', 'prod', '--param', 'genesysRegion=mypurecloud.ie'], noCredentials);

    // Assess
    expect({ code, firstLines: stderr.split('\n').slice(0, 2) }).toEqual({
      code: 3,
      firstLines: [
        "No AWS credentials: no AWS credentials were found (Could not load credentials from any providers). The doctor reads the stage's settings and secret with your AWS identity.",
        'Fix: AWS_PROFILE=<profile> npm run doctor -- … (after aws sso login --profile <profile> for IAM Identity Center), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or run with --stage local to check the emulator instead.',
      ],
    });
    expect(stdout).toMatch(/^PASS {5}Configuration /m);
    expect(stdout).toMatch(/^UNKNOWN  Secret +could not ask Secrets Manager in us-east-1 for "genesys\/oauth-client": CredentialsProviderError$/m);
  });
});

describe('serverless invoke local -f doctor --stage local', () => {
  let emulator: Emulator;
  let dynamo: LocalDynamoDB;
  beforeAll(async () => {
    emulator = await start();
    leakGuard.watch(emulator);
    dynamo = await startLocalDynamoDB();
  });
  afterAll(async () => {
    await dynamo.stop();
    await emulator.stop();
  });

  it('runs the same checks in the function and returns the report', async () => {
    // Act
    const { code, stdout, stderr } = await run(
      SERVERLESS,
      ['invoke', 'local', '-f', 'doctor', '--stage', 'local', '--data', JSON.stringify({ queue: DEMO.queue.id })],
      { EMULATOR_PORT: String(emulator.port), DYNAMODB_PORT: String(dynamo.port), AWS_EC2_METADATA_DISABLED: 'true' },
      RUN_TIMEOUT_MS,
    );

    // Assess
    leakGuard.observe(stdout + stderr);
    expect({ code, stderr: stderr.includes('Error') ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{\n') + 1)) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => `${check.id}:${check.status}`)).toEqual([
      'configuration:pass',
      'secret:pass',
      'login:pass',
      'identity:pass',
      'callUser:pass',
      'queue:pass',
      'permissions:pass',
      'rateLimits:pass',
      'eventBridge:pass',
      'suppressionList:pass',
      'request:pass',
    ]);
    expect(emulator.records.callPosts).toBe(0);
  });
});

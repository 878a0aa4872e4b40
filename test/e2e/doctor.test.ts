import { join } from 'node:path';
import type { Emulator } from '../../emulator';
import { DEMO, start } from '../../emulator';
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
    beforeAll(async () => {
      emulator = await start();
      leakGuard.watch(emulator);
    });
    afterAll(() => emulator.stop());

    it('checks it with --json, passes every check, places the one --call --yes call and exits 0', async () => {
      // Act
      const { code, stdout, stderr } = await doctorCli(
        ['--stage', 'local', '--json', '--queue', DEMO.queue.id, '--call', '+1 415 555 0100', '--yes'],
        { EMULATOR_PORT: String(emulator.port) },
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
        request: 'pass',
        call: 'pass',
      });
      expect(emulator.records.callsPlaced.map((call) => call.body)).toEqual([{ phoneNumber: '+14155550100', callFromQueueId: DEMO.queue.id }]);
      expect(stdout).toContain('+*******0100');
    });

    it('refuses --call without --yes when not on a terminal, exits 2 and places nothing', async () => {
      // Prepare
      emulator.reset();

      // Act
      const { code, stderr } = await doctorCli(['--stage', 'local', '--call', '+1 415 555 0100'], { EMULATOR_PORT: String(emulator.port) });

      // Assess
      expect({ code, stderr }).toEqual({ code: 2, stderr: 'doctor: --call places a real call: add --yes to confirm it when not on a terminal.\n' });
      expect(emulator.records.requests).toEqual([]);
    });
  });

  it('starts an emulator when none is running, prints a plain table with the fix, and exits 1 on a failed check', async () => {
    // Prepare: the local stage's call user is one without a station.
    const port = await freePort();

    // Act
    const { code, stdout, stderr } = await doctorCli(['--stage', 'local'], { EMULATOR_PORT: String(port), GENESYS_CALL_USER_ID: DEMO.userWithoutStation.id });

    // Assess
    leakGuard.observe(stdout + stderr);
    expect(code).toBe(1);
    expect(stdout).toContain(`Doctor, stage local: settings from the local stage in serverless.yml (the emulator); started at http://127.0.0.1:${port} for this run`);
    expect(stdout).toMatch(/^PASS {5}Configuration {3}/m);
    expect(stdout).toContain(`FAIL     Call user       user "${DEMO.userWithoutStation.name}" has no station: every call would answer 400 conversation.error.no.user.station`);
    expect(stdout).toContain('fix: Assign the user a phone');
    expect(stdout).toMatch(/^8 pass, 1 fail, 0 unknown in \d+ ms: fix the failures above$/m);
    // Colour only on a terminal.
    expect(stdout).not.toContain('\u001b[');
  });
});

describe('serverless invoke local -f doctor --stage local', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await start();
    leakGuard.watch(emulator);
  });
  afterAll(() => emulator.stop());

  it('runs the same checks in the function and returns the report', async () => {
    // Act
    const { code, stdout, stderr } = await run(
      SERVERLESS,
      ['invoke', 'local', '-f', 'doctor', '--stage', 'local', '--data', JSON.stringify({ queue: DEMO.queue.id })],
      { EMULATOR_PORT: String(emulator.port), AWS_EC2_METADATA_DISABLED: 'true' },
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
      'request:pass',
    ]);
    expect(emulator.records.callPosts).toBe(0);
  });
});

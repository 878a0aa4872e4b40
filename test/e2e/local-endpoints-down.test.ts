import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import type { Emulator } from '../../emulator';
import { start } from '../../emulator';
import { leakGuard } from '../support/leak-guard';
import { freePort, ROOT, run, SERVERLESS } from '../support/processes';

// What a user sees locally when the emulator is not where the function or the CLI expects it: the
// real `serverless invoke local` with nothing listening, and the real `npm run emulator` command
// (emulator/cli.ts) started on ports that are already taken.

jest.setTimeout(120_000);

const EMULATOR_CLI = [join(ROOT, 'emulator', 'cli.ts')];
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('serverless invoke local with no emulator running', () => {
  it('answers that Secrets Manager could not be reached at the emulator port, and how to start it', async () => {
    // The first secret a call needs is the stack's hash key: the suppression list is checked before anything else.
    // Prepare: ports where nothing listens.
    const [emulatorPort, dynamoPort] = [await freePort(), await freePort()];

    // Act
    const { code, stdout, stderr } = await run(
      SERVERLESS,
      ['invoke', 'local', '-f', 'createCall', '--stage', 'local', '--path', 'events/http-api-call.json'],
      { EMULATOR_PORT: String(emulatorPort), DYNAMODB_PORT: String(dynamoPort), AWS_EC2_METADATA_DISABLED: 'true' },
      90_000,
    );

    // Assess
    leakGuard.observe(stdout + stderr);
    const result = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{\n') + 1)) as { statusCode: number; body: string };
    expect({ code, status: result.statusCode, body: JSON.parse(result.body) }).toEqual({
      code: 0,
      status: 500,
      body: expect.objectContaining({
        code: 'hash_key_unavailable',
        detail:
          `The stack's hash key could not be read: Secrets Manager could not be reached (connection refused at 127.0.0.1:${emulatorPort}), so the request was refused before anything was sent to Genesys. ` +
          "If that is the local emulator, start it: npm start or npm run emulator. In AWS, check the function's network path to Secrets Manager.",
      }),
    });
  });
});

describe('npm run emulator on a port that is taken', () => {
  let emulatorPort: number;
  let dynamoPort: number;
  beforeEach(async () => {
    [emulatorPort, dynamoPort] = [await freePort(), await freePort()];
  });

  const runEmulatorCli = () => run(TSX, EMULATOR_CLI, { EMULATOR_PORT: String(emulatorPort), DYNAMODB_PORT: String(dynamoPort) }, 60_000);

  async function holdPort(port: number): Promise<Server> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return server;
  }

  describe('by an emulator already running, as under npm start', () => {
    let running: Emulator;
    beforeEach(async () => {
      running = await start({ port: emulatorPort });
    });
    afterEach(() => running.stop());

    it('says so, and that invoke local already works against it', async () => {
      // Act
      const { code, stderr } = await runEmulatorCli();

      // Assess
      expect({ code, stderr }).toEqual({
        code: 1,
        stderr: [
          `Port ${emulatorPort} is taken by an emulator that is already running (npm start runs one, as does another npm run emulator).`,
          'Nothing to do: serverless invoke local already works against it, e.g.',
          '  npx serverless invoke local -f createCall --stage local --path events/http-api-call.json',
          `To run a second emulator anyway, pick other ports for both: EMULATOR_PORT=${emulatorPort + 100} DYNAMODB_PORT=${emulatorPort + 101} npm run emulator, and the same variables for serverless invoke local.`,
          '',
        ].join('\n'),
      });
    });
  });

  it('by another program: says so and how to pick another port', async () => {
    // Prepare
    const other = await holdPort(emulatorPort);

    // Act
    const { code, stderr } = await runEmulatorCli().finally(() => other.close());

    // Assess
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr: `Port ${emulatorPort} is taken by another program. Stop it, or pick other ports for both: EMULATOR_PORT=${emulatorPort + 100} DYNAMODB_PORT=${emulatorPort + 101} npm run emulator, and the same variables for serverless invoke local.\n`,
    });
  });

  it("the local DynamoDB's: says so, and leaves nothing listening", async () => {
    // Prepare
    const other = await holdPort(dynamoPort);

    // Act
    const { code, stderr } = await runEmulatorCli().finally(() => other.close());

    // Assess
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr: [
        `Port ${dynamoPort}, the local DynamoDB's, is taken: by the local DynamoDB of a running npm start or npm run emulator, or by another program.`,
        `Stop it, or pick another port: DYNAMODB_PORT=${dynamoPort + 100} npm run emulator, and the same variable for serverless invoke local.`,
        '',
      ].join('\n'),
    });
    await expect(fetch(`http://127.0.0.1:${emulatorPort}/__emulator/records`)).rejects.toThrow();
  });
});

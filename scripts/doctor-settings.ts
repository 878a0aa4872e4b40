/**
 * Where `npm run doctor` takes the function's settings from, in this order: the deployed doctor
 * function's configuration in AWS (what the functions really run with), else the stage resolved from
 * serverless.yml (`serverless print`, before the first deploy, and always for `--stage local`).
 * Explicit flags win over both. The source is reported, so nobody mistakes one for the other.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';

export type Env = Record<string, string>;

export interface Settings {
  readonly env: Env;
  /** One line saying where `env` came from. */
  readonly source: string;
  /** The AWS region of the stack: where the secret is looked for. */
  readonly awsRegion: string;
}

export interface SettingsRequest {
  readonly stage: string;
  readonly awsRegion?: string;
  /** `--param name=value` pairs passed on to `serverless print` (e.g. genesysRegion before a deploy). */
  readonly params: readonly string[];
}

const ROOT = join(__dirname, '..');
const SERVERLESS = join(ROOT, 'node_modules', '.bin', 'serverless');
// serverless.yml's own default region (provider.region), used when nothing names another.
const DEFAULT_AWS_REGION = 'us-east-1';
const LAMBDA_TIMEOUT_MS = 10_000;
// `serverless print` loads the whole framework: seconds on a quiet machine, more on a busy one.
const PRINT_TIMEOUT_MS = 120_000;

export async function resolveSettings(request: SettingsRequest): Promise<Settings> {
  if (request.stage === 'local') return fromServerlessYml(request, 'the local stage in serverless.yml (the emulator)');
  const awsRegion = stackRegion(request.awsRegion);
  const functionName = `${serviceName()}-${request.stage}-doctor`;
  try {
    const configuration = await new LambdaClient({ region: awsRegion }).send(new GetFunctionConfigurationCommand({ FunctionName: functionName }), {
      abortSignal: AbortSignal.timeout(LAMBDA_TIMEOUT_MS),
    });
    return { env: configuration.Environment?.Variables ?? {}, source: `the deployed function ${functionName} in ${awsRegion}`, awsRegion };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const why = name === 'ResourceNotFoundException' ? `${functionName} is not deployed in ${awsRegion}` : `reading ${functionName} in ${awsRegion} failed (${name})`;
    return fromServerlessYml({ ...request, awsRegion }, `stage ${request.stage} in serverless.yml, not a deployed function: ${why}`);
  }
}

/** The stack's AWS region: --aws-region, else the AWS SDK's variables, else serverless.yml's default. */
export function stackRegion(awsRegion: string | undefined): string {
  return awsRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_AWS_REGION;
}

async function fromServerlessYml(request: SettingsRequest, source: string): Promise<Settings> {
  const args = ['print', '--stage', request.stage, '--format', 'json', ...(request.awsRegion ? ['--region', request.awsRegion] : [])];
  for (const param of request.params) args.push('--param', param);
  const printed = await runPrint(args);
  const config = JSON.parse(printed) as {
    provider?: { region?: string; environment?: Record<string, unknown> };
    functions?: Record<string, { environment?: Record<string, unknown> }>;
  };
  const env: Env = {};
  for (const [name, value] of Object.entries({ ...config.provider?.environment, ...config.functions?.doctor?.environment })) {
    // CloudFormation references (the table's Ref) exist only once deployed.
    if (typeof value === 'string' || typeof value === 'number') env[name] = String(value);
  }
  return { env, source, awsRegion: request.awsRegion ?? config.provider?.region ?? DEFAULT_AWS_REGION };
}

function runPrint(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(SERVERLESS, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), PRINT_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      // serverless.yml's own checks (e.g. a missing genesysRegion) say what to fix on stderr.
      const reason = (stderr || stdout).split('\n').map((line) => line.trim()).filter(Boolean).slice(-6).join('\n  ');
      reject(new Error(`serverless print --stage ${args[2]} failed:\n  ${reason}`));
    });
  });
}

function serviceName(): string {
  const match = /^service:\s*([\w-]+)/m.exec(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
  if (!match) throw new Error('serverless.yml names no service');
  return match[1];
}

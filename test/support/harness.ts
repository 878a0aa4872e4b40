import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Emulator, Seed } from '../../emulator';
import { DEMO, start } from '../../emulator';
import { loadConfig } from '../../lib/config';
import type { Container } from '../../lib/container';
import { createContainer } from '../../lib/container';
import { leakGuard } from './leak-guard';

/**
 * The settings of the `local` stage, pointed at a test's emulator. The AWS SDK finds the emulator
 * through the standard AWS_ENDPOINT_URL_SECRETS_MANAGER, exactly as in a deployed function.
 */
export function emulatorEnv(emulator: Emulator, overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GENESYS_API_URL: emulator.url,
    GENESYS_LOGIN_URL: emulator.url,
    GENESYS_CREDENTIALS_SECRET_ID: DEMO.secretId,
    GENESYS_CALL_USER_ID: DEMO.userWithStation.id,
    DEFAULT_COUNTRY: 'US',
    ALLOWED_COUNTRIES: 'US,CA,GB',
    ...overrides,
  };
}

/** Starts an emulator and points this process's AWS SDK at it (dummy credentials: it checks none). */
export async function startEmulator(seed?: Partial<Seed>): Promise<Emulator> {
  const emulator = await start(seed ? { seed } : {});
  leakGuard.watch(emulator);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  return emulator;
}

/** A fresh container (cold start): its own secret read, token cache and HTTP client. */
export function coldContainer(emulator: Emulator, overrides: Record<string, string | undefined> = {}): Container {
  return createContainer(loadConfig(emulatorEnv(emulator, overrides)));
}

/**
 * The one part no local implementation exists for: the Lambda context object. It carries what the
 * handler reads from it (request id, remaining time), as the Lambda runtime's does.
 */
export function lambdaContext(remainingMs = 28_000, functionName = 'genesys-outbound-call-test-createCall'): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/28/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type Handler<E> = (event: E, context: Context) => Promise<APIGatewayProxyResult>;

/** Hands an answer to the leak guard and returns it. */
export function observed(result: APIGatewayProxyResult): APIGatewayProxyResult {
  leakGuard.observe(JSON.stringify(result));
  return result;
}

export function parseBody(result: APIGatewayProxyResult): Record<string, unknown> {
  return JSON.parse(result.body) as Record<string, unknown>;
}

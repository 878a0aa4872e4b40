import type { APIGatewayProxyResult } from 'aws-lambda';
export { lambdaContext } from './lambda-context';
import type { Emulator, Seed } from '../../emulator';
import { DEMO, start } from '../../emulator';
import { DEFAULT_PLATFORM_API_LIMITS } from '../../emulator/seed';
import { loadConfig } from '../../lib/config';
import type { Container } from '../../lib/container';
import { createContainer } from '../../lib/container';
import { maskPhoneNumber } from '../../lib/telemetry/masking';
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
    HASH_KEY_SECRET_ID: DEMO.hashKeySecretId,
    GENESYS_CALL_USER_ID: DEMO.userWithStation.id,
    DEFAULT_COUNTRY: 'US',
    ALLOWED_COUNTRIES: 'US,CA,GB',
    ...overrides,
  };
}

/**
 * A seed whose per-token rate limit no test reaches: for tests that place hundreds of calls a
 * minute on one token to check something else than Genesys's 429 (emulator/rate-limit.ts).
 */
export const UNLIMITED_RATE: Partial<Seed> = {
  limits: { 'platform.api': { ...DEFAULT_PLATFORM_API_LIMITS, 'client.credentials.token.rate.per.minute': 1_000_000 } },
};

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
 * Resolves once no call POST is being handled by the emulator. A test that leaves a delayed call in
 * flight (a timeout test) would otherwise have that call placed during the next test, after its
 * `reset`, and counted there.
 */
export async function callsSettled(emulator: Emulator, timeoutMs = 15_000): Promise<void> {
  await waitUntil(() => emulator.records.callsInFlight === 0, () => `${emulator.records.callsInFlight} call(s) still in flight`, timeoutMs);
}

/** Polls `check` until it holds; throws `what()` (said when the time is up) after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what()} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Hands an answer to the leak guard and returns it. A dry run's answer shows the numbers of its own
 * request by contract (README, docs/choices.md): those four fields are handed over masked, the rest
 * of that answer and every other answer as they are.
 */
export function observed(result: APIGatewayProxyResult): APIGatewayProxyResult {
  leakGuard.observe(JSON.stringify(withDryRunNumbersMasked(result)));
  return result;
}

function withDryRunNumbersMasked(result: APIGatewayProxyResult): APIGatewayProxyResult {
  if (result.statusCode !== 200) return result;
  const body = JSON.parse(result.body) as { dryRun?: unknown; to?: string; callerId?: string; request?: { body?: { phoneNumber?: string; callerId?: string } } };
  if (body.dryRun !== true) return result;
  const mask = (value: string | undefined) => (value === undefined ? undefined : maskPhoneNumber(value));
  const request = body.request && { ...body.request, body: { ...body.request.body, phoneNumber: mask(body.request.body?.phoneNumber), callerId: mask(body.request.body?.callerId) } };
  return { ...result, body: JSON.stringify({ ...body, to: mask(body.to), callerId: mask(body.callerId), request }) };
}

export function parseBody(result: APIGatewayProxyResult): Record<string, unknown> {
  return JSON.parse(result.body) as Record<string, unknown>;
}

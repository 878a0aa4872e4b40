/**
 * What the full bench (run.ts) and the lever A/B (ab.ts) share: a fresh container per measurement,
 * the check that it did the whole job, and alternated rounds so that both see the same load.
 */
import type { Emulator } from '../emulator';
import { DEMO } from '../emulator';
import type { ChildRun } from './processes';
import { runChild } from './processes';
import type { ChildResult, ColdResult } from './protocol';
import type { Runtime } from './node-runtimes';
import type { Served } from './service-time';

/** A handler as the bench runs it. */
export interface Variant {
  name: string;
  /** 201 and one secret read, token and call per container; bare node answers 200 and asks for nothing. */
  statusCode: number;
  exchanges: boolean;
  env?: Record<string, string>;
}

/** What every measurement needs: the child harness, the emulator and its service times. */
export interface Bench {
  /** bench/child.ts, bundled. */
  child: string;
  emulator: Emulator;
  served: Served[];
  /** The local DynamoDB (dynalite) of the call records. */
  dynamoUrl: string;
}

export interface RoundSettings {
  rounds: number;
  /** Run first and thrown away: the first processes pay for a cold file cache. */
  discardedRounds: number;
}

/** A fresh container (Node process) with only the container's environment: nothing inherited, no NODE_OPTIONS. */
export function container<R extends ChildResult>(bench: Bench, runtime: Runtime, args: string[], env: Record<string, string> = {}): Promise<ChildRun<R>> {
  const { url } = bench.emulator;
  return runChild<R>(runtime.node, bench.child, args, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
    GENESYS_API_URL: url,
    GENESYS_LOGIN_URL: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_DYNAMODB: bench.dynamoUrl,
    GENESYS_CREDENTIALS_SECRET_ID: DEMO.secretId,
    GENESYS_CALL_USER_ID: DEMO.userWithStation.id,
    DEFAULT_COUNTRY: 'US',
    ALLOWED_COUNTRIES: 'US',
    AWS_REGION: 'us-east-1',
    // The emulator checks that requests are signed, not by whom.
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: 'genesys-outbound-call-bench-createCall',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    ...env,
  });
}

/** Each container did the whole job, and only it: one secret read, one token request, `calls` calls. */
export function checkExchanges(emulator: Emulator, variant: Variant, calls = 1): void {
  const { secretReads, tokenRequests, callsPlaced, callPosts } = emulator.records;
  const expected = variant.exchanges ? { secretReads: 1, tokenRequests: 1, callPosts: calls } : { secretReads: 0, tokenRequests: 0, callPosts: 0 };
  const seen = { secretReads, tokenRequests, callPosts };
  if (JSON.stringify(seen) !== JSON.stringify(expected) || callsPlaced.length !== expected.callPosts) {
    throw new Error(`${variant.name}: expected ${JSON.stringify(expected)}, the emulator saw ${JSON.stringify({ ...seen, callsPlaced: callsPlaced.length })}`);
  }
}

/** One cold start: a fresh container loads `bundle` and is invoked once; its answer and exchanges are checked. */
export async function coldRun(bench: Bench, runtime: Runtime, variant: Variant, bundle: string): Promise<ChildRun<ColdResult> & { storeServiceMs: number }> {
  bench.emulator.reset();
  bench.served.length = 0;
  const run = await container<ColdResult>(bench, runtime, ['cold', bundle], variant.env);
  if (run.result.statusCode !== variant.statusCode) throw new Error(`${variant.name} on ${runtime.label} answered ${run.result.statusCode}`);
  checkExchanges(bench.emulator, variant);
  // The local DynamoDB runs in this process: its own time answering is part of the wall time, not the handler's work.
  const storeServiceMs = bench.served.filter((request) => request.target?.startsWith('DynamoDB_')).reduce((sum, request) => sum + request.ms, 0);
  return { ...run, storeServiceMs };
}

/** Runs `measure` for each item in every round, the order rotated each round; the first rounds are thrown away. */
export async function inRounds<T extends { name: string }, R>(items: T[], { rounds, discardedRounds }: RoundSettings, measure: (item: T) => Promise<R>): Promise<Map<string, R[]>> {
  const results = new Map<string, R[]>(items.map((item) => [item.name, []]));
  for (let round = 0; round < discardedRounds + rounds; round += 1) {
    for (let index = 0; index < items.length; index += 1) {
      const item = items[(index + round) % items.length];
      const result = await measure(item);
      if (round >= discardedRounds) results.get(item.name)?.push(result);
    }
    process.stdout.write(round < discardedRounds ? 'w' : '.');
  }
  process.stdout.write('\n');
  return results;
}

/** One measurement of a round: a variant on a runtime. */
export interface Cell<T> {
  name: string;
  runtime: Runtime;
  of: T;
}

export function cells<T extends { name: string }>(items: T[], list: Runtime[]): Array<Cell<T>> {
  return list.flatMap((runtime) => items.map((item) => ({ name: `${runtime.label}: ${item.name}`, runtime, of: item })));
}

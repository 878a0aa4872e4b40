/**
 * `npm run bench`: bundle size, cold start, warm overhead and token economy of the packaged
 * `createCall` against the same job done with the official Genesys SDK (`sdk`) and with nothing but
 * the Secrets Manager client and fetch (`floor`; `floor + call record` adds the one PutItem that
 * createCall as deployed makes), in one run on one machine. Writes bench/results.md
 * and prints it. results.md's "Method" says what each number is.
 *
 *   npm run bench                          the full run on this Node and on Node 22 (the deployed runtime's major,
 *                                          fetched from the npm registry on first use): 20 cold-start rounds,
 *                                          1000 warm invocations, 100 at once (about 7 minutes on 2 idle cores)
 *   npm run bench -- --rounds 40           more cold-start rounds, for steadier medians
 *   npm run bench -- --no-node22           this Node only (e.g. offline)
 *   npm run bench -- --node /path/to/node  that Node only
 *   npm run bench -- --quick               every step once, to try the bench itself; .ci/run runs it (writes bench/.build/results-quick.md)
 *   npm run bench -- --queue               the queue section alone (bench/queue.ts: 10,000 calls twice);
 *                                          a full run ends with it, writing bench/queue-results.md; --queue --quick: 200 calls
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { version as esbuildVersion } from 'esbuild';
import { start } from '../emulator';
import { DEFAULT_PLATFORM_API_LIMITS } from '../emulator/seed';
import { CALLS_TABLE, startLocalDynamoDB } from '../emulator/local-dynamodb';
import type { Builds } from './build';
import { buildAll, IMPORT_PARTS } from './build';
import type { ChildRun } from './processes';
import type { BurstResult, ColdResult, ImportResult, WarmResult } from './protocol';
import type { Runtime } from './node-runtimes';
import { runtimes } from './node-runtimes';
import type { ColdRow, ImportRow, Results, RuntimeRun, WarmRow } from './report';
import { renderResults } from './report';
import type { Bench, Variant } from './rounds';
import { cells, checkExchanges, coldRun, container, inRounds } from './rounds';
import { recordServiceTimes } from './service-time';
import { bootstrap95, median, percentile } from './stats';
import { runQueueBench } from './queue';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench/.build');

/**
 * At least the issue's (20 rounds, 1000 warm, 100 at once); bench/results.md is only written by a
 * full run on this machine's Node. `discardedRounds` run first and are thrown away (the first
 * processes pay for a cold file cache); `warmRepeats` warm containers per handler run one after
 * another in rotated order, their samples pooled.
 */
const FULL = { rounds: 20, discardedRounds: 2, warmInvocations: 1000, warmRepeats: 3, burst: 100 };
/** `.ci/run` runs this so that a broken bench fails the build: every step once, in seconds; its figures mean nothing. */
const QUICK = { rounds: 1, discardedRounds: 0, warmInvocations: 20, warmRepeats: 1, burst: 20 };

/** A handler of the full run: a bench variant and the bundle it runs. */
interface Handler extends Variant {
  bundle: (builds: Builds) => string;
}

// ours with its logs as deployed (one INFO line per invocation), and the same bundle with them off;
// ours rebuilt without Powertools Metrics (a no-op in its place), so that metrics' cost is the paired
// difference of two rows of one run; and as deployed, with the call record (CALLS_TABLE: one
// DynamoDB PutItem, to a local dynalite), held against the floor that writes the same record.
const HANDLERS: Handler[] = [
  { name: 'ours', bundle: (b) => b.ours.file, statusCode: 201, exchanges: true, env: { POWERTOOLS_LOG_LEVEL: 'INFO' } },
  { name: 'ours, no metrics', bundle: (b) => b.oursNoMetrics.file, statusCode: 201, exchanges: true, env: { POWERTOOLS_LOG_LEVEL: 'INFO' } },
  { name: 'ours + call record', bundle: (b) => b.ours.file, statusCode: 201, exchanges: true, env: { POWERTOOLS_LOG_LEVEL: 'INFO', CALLS_TABLE } },
  { name: 'ours, logs off', bundle: (b) => b.ours.file, statusCode: 201, exchanges: true, env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } },
  { name: 'sdk', bundle: (b) => b.sdk.file, statusCode: 201, exchanges: true },
  { name: 'floor', bundle: (b) => b.floor.file, statusCode: 201, exchanges: true },
  { name: 'floor + call record', bundle: (b) => b.floorRecord.file, statusCode: 201, exchanges: true, env: { CALLS_TABLE } },
  { name: 'floor on node:http', bundle: (b) => b.floorNodeHttp.file, statusCode: 201, exchanges: true },
];
const BARE: Handler = { name: 'bare node', bundle: (b) => b.bare.file, statusCode: 200, exchanges: false };

interface Settings {
  rounds: number;
  discardedRounds: number;
  warmInvocations: number;
  warmRepeats: number;
  burst: number;
  quick: boolean;
  /** `--node`: the one Node to run the containers on. */
  node?: string;
  /** Whether Node 22 from the registry runs the containers too. */
  node22: boolean;
}

function settings(argv: string[]): Settings {
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const chosen: Settings = { ...(quick ? QUICK : FULL), quick, node: option('--node'), node22: !argv.includes('--no-node22') };
  const rounds = option('--rounds');
  if (rounds !== undefined) chosen.rounds = Number(rounds);
  if (!Number.isInteger(chosen.rounds) || chosen.rounds < 1) throw new Error('--rounds needs a whole number');
  return chosen;
}

/** What every measurement needs, and the bundles. */
interface FullBench extends Bench {
  builds: Builds;
}

/** Fresh processes, one invocation each; every runtime's variants in the same rounds, so that load drift is shared. */
async function coldStarts(bench: FullBench, list: Runtime[], chosen: Settings): Promise<Map<string, ColdRow[]>> {
  const runs = await inRounds(cells([BARE, ...HANDLERS], list), chosen, ({ runtime, of: variant }) => coldRun(bench, runtime, variant, variant.bundle(bench.builds)));
  return new Map(
    list.map((runtime) => {
      const of = (variant: Handler) => runs.get(`${runtime.label}: ${variant.name}`) ?? [];
      const bare = of(BARE);
      // Paired by round: the same round's bare process is subtracted, so drift in the machine's load cancels.
      const addedOf = (variant: Handler) => of(variant).map((run, round) => run.result.wallMs - bare[round].result.wallMs);
      const cpuOf = (run: ChildRun<ColdResult>) => run.result.cpuUserMs + run.result.cpuSystemMs;
      const rows = [BARE, ...HANDLERS].map((variant): ColdRow => {
        const list_ = of(variant);
        const addedByRound = addedOf(variant);
        return {
          name: variant.name,
          wallMs: median(list_.map((run) => run.result.wallMs)),
          addedMs: median(addedByRound),
          addedCi: bootstrap95(addedByRound.length, (rounds) => median(rounds.map((round) => addedByRound[round]))),
          addedByRound,
          cpuAddedByRound: list_.map((run, round) => cpuOf(run) - cpuOf(bare[round])),
          rssByRound: list_.map((run) => run.result.maxRssKb / 1024),
          initMs: median(list_.map((run) => run.result.initMs)),
          invokeMs: median(list_.map((run) => run.result.invokeMs)),
          cpuMs: median(list_.map((run) => run.result.cpuUserMs + run.result.cpuSystemMs)),
          maxRssMb: median(list_.map((run) => run.result.maxRssKb / 1024)),
          spawnToResultMs: median(list_.map((run) => run.spawnToResultMs)),
          exitAfterAnswerMs: median(list_.map((run) => run.spawnToExitMs - run.spawnToResultMs)),
          logLines: median(list_.map((run) => run.logLines)),
          storeServiceMs: median(list_.map((run) => run.storeServiceMs)),
        };
      });
      return [runtime.label, rows];
    }),
  );
}

/** Each dependency alone, loaded and used once, in fresh processes, against bare node loading nothing. */
async function importCosts(bench: FullBench, list: Runtime[], chosen: Settings): Promise<Map<string, ImportRow[]>> {
  const { builds } = bench;
  const entries = [{ name: BARE.name, file: builds.bare.file }, ...builds.parts];
  const runs = await inRounds(cells(entries, list), chosen, async ({ runtime, of: entry }) => {
    bench.emulator.reset();
    return (await container<ImportResult>(bench, runtime, ['import', entry.file], { CALLS_TABLE })).result;
  });
  const rows = new Map<string, ImportRow[]>();
  for (const runtime of list) {
    const bare = runs.get(`${runtime.label}: ${BARE.name}`) ?? [];
    const perUse = await warmUseCosts(bench, runtime, chosen.warmInvocations);
    rows.set(
      runtime.label,
      builds.parts.map((part) => {
        const results = runs.get(`${runtime.label}: ${part.name}`) ?? [];
        return {
          name: part.name,
          bytes: part.bytes,
          initMs: median(results.map((result) => result.initMs)),
          firstUseMs: median(results.map((result) => result.firstUseMs)),
          addedMs: median(results.map((result, round) => result.wallMs - bare[round].wallMs)),
          addedRssMb: median(results.map((result, round) => (result.maxRssKb - bare[round].maxRssKb) / 1024)),
          warmUseP50Ms: perUse.get(part.name) ?? Number.NaN,
        };
      }),
    );
  }
  return rows;
}

/**
 * Each dependency used `count` more times in one process after its first use: what it costs per
 * warm invocation. A use that makes a request has the emulator's service time for it taken off.
 */
async function warmUseCosts(bench: FullBench, runtime: Runtime, count: number): Promise<Map<string, number>> {
  const perUse = new Map<string, number>();
  for (const part of bench.builds.parts) {
    bench.emulator.reset();
    bench.served.length = 0;
    const { result } = await container<ImportResult>(bench, runtime, ['import', part.file, String(count)], { CALLS_TABLE });
    // One request per use, or none: only then can each use be paired with its request.
    if (bench.served.length !== 0 && bench.served.length !== count + 1) throw new Error(`${part.name}: ${bench.served.length} requests for ${count + 1} uses`);
    const services = bench.served.length === 0 ? result.repeatMs.map(() => 0) : bench.served.slice(1).map((request) => request.ms);
    perUse.set(part.name, percentile(result.repeatMs.map((ms, index) => ms - services[index]), 50));
  }
  return perUse;
}

/** Warm samples of one container: each invocation's time, and the emulator's service time for its request. */
interface WarmSample {
  invocationMs: number[];
  serviceMs: number[];
  perSecond: number;
  logLines: number;
}

/** One container, `count` invocations one after another; the emulator's service time is taken off each. */
async function warmContainer(bench: FullBench, runtime: Runtime, variant: Handler, count: number): Promise<WarmSample> {
  bench.emulator.reset();
  bench.served.length = 0;
  const { result, logLines } = await container<WarmResult>(bench, runtime, ['warm', variant.bundle(bench.builds), String(count)], variant.env);
  const bad = result.statusCodes.filter((status) => status !== variant.statusCode);
  if (result.firstStatusCode !== variant.statusCode || bad.length > 0) throw new Error(`${variant.name}: warm invocations answered ${bad.slice(0, 3).join(', ')}`);
  checkExchanges(bench.emulator, variant, count + 1);
  const calls = bench.served.filter((request) => request.path.startsWith('/api/v2/conversations/calls'));
  if (calls.length !== count + 1) throw new Error(`${variant.name}: ${calls.length} call POSTs timed, expected ${count + 1}`);
  // Invocations run one at a time and a warm one makes exactly one request (checked above), so the
  // n-th timed invocation made the (n+1)-th call POST; the first was the untimed cold invocation's.
  return { invocationMs: result.invocationMs, serviceMs: calls.slice(1).map((request) => request.ms), perSecond: count / (result.loopMs / 1000), logLines };
}

/** Every handler's warm container, `repeats` times in rotated order so that a busy moment on the machine is shared; samples pooled. */
async function warm(bench: FullBench, runtime: Runtime, count: number, repeats: number): Promise<WarmRow[]> {
  const samples = new Map<string, WarmSample[]>(HANDLERS.map((variant) => [variant.name, []]));
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    for (let index = 0; index < HANDLERS.length; index += 1) {
      const variant = HANDLERS[(index + repeat) % HANDLERS.length];
      samples.get(variant.name)?.push(await warmContainer(bench, runtime, variant, count));
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return HANDLERS.map((variant) => {
    const list = samples.get(variant.name) ?? [];
    const invocationMs = list.flatMap((sample) => sample.invocationMs);
    const serviceMs = list.flatMap((sample) => sample.serviceMs);
    const overheadMs = invocationMs.map((ms, index) => ms - serviceMs[index]);
    return {
      name: variant.name,
      count: invocationMs.length,
      perSecond: median(list.map((sample) => sample.perSecond)),
      handlerP50: percentile(invocationMs, 50),
      handlerP99: percentile(invocationMs, 99),
      serviceP50: percentile(serviceMs, 50),
      serviceP99: percentile(serviceMs, 99),
      overheadP50: percentile(overheadMs, 50),
      overheadP90: percentile(overheadMs, 90),
      overheadP99: percentile(overheadMs, 99),
      logLinesPerInvocation: list.reduce((sum, sample) => sum + sample.logLines, 0) / (invocationMs.length + list.length),
    };
  });
}

/** `count` invocations of ours at once in one fresh container: how many token requests reach Genesys. */
async function burst(bench: FullBench, runtime: Runtime, count: number): Promise<Omit<Results['burst'], 'runtime'>> {
  bench.emulator.reset();
  const { result } = await container<BurstResult>(bench, runtime, ['burst', bench.builds.ours.file, String(count)]);
  const { tokenRequests, secretReads, callsPlaced, peakCallsInFlight } = bench.emulator.records;
  return {
    invocations: count,
    status201: result.statusCodes.filter((status) => status === 201).length,
    tokenRequests,
    secretReads,
    callsPlaced: callsPlaced.length,
    peakCallsInFlight,
    burstMs: result.burstMs,
  };
}

function commandOutput(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** The queue section (bench/queue.ts): printed, and written beside the other results. */
async function queueSection(quick: boolean): Promise<void> {
  const markdown = await runQueueBench(quick);
  const file = quick ? join(OUT, 'queue-results-quick.md') : join(ROOT, 'bench/queue-results.md');
  // `--queue --quick` alone builds nothing, so the build folder may not be there yet.
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  console.log(`\n${markdown}\nbench: written to ${file}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--queue')) return queueSection(process.argv.includes('--quick'));
  const chosen = settings(process.argv.slice(2));
  const startedAt = Date.now();
  const loadAtStart = loadavg()[0];
  const list = runtimes(chosen);
  console.log(`bench: containers run on ${list.map((runtime) => `${runtime.label} (${runtime.version})`).join(' and ')}`);
  console.log('bench: packaging createCall (serverless package) and bundling sdk, floor, bare node and the import parts…');
  const builds = await buildAll(ROOT, OUT);
  if (!builds.ours.rebuiltIdentical) throw new Error('createCall rebuilt with the translated serverless-esbuild options differs from the packaged bundle: fix bench/esbuild-options.ts');

  // A thousand warm calls a minute on one token measure overhead, not Genesys's per-token limit: lifted here.
  const emulator = await start({ port: 0, seed: { limits: { 'platform.api': { ...DEFAULT_PLATFORM_API_LIMITS, 'client.credentials.token.rate.per.minute': 1_000_000 } } } });
  const dynamo = await startLocalDynamoDB();
  const service = recordServiceTimes();
  const bench: FullBench = { builds, child: builds.child, emulator, served: service.served, dynamoUrl: dynamo.url };
  try {
    const processes = (count: number) => `${chosen.rounds} rounds (+${chosen.discardedRounds} discarded) of ${count * list.length} fresh processes`;
    console.log(`bench: cold starts, ${processes(HANDLERS.length + 1)}`);
    const cold = await coldStarts(bench, list, chosen);
    console.log(`bench: import costs, ${processes(IMPORT_PARTS.length + 1)}, then ${chosen.warmInvocations} warm uses of each`);
    const imports = await importCosts(bench, list, chosen);
    const runs: RuntimeRun[] = [];
    for (const runtime of list) {
      console.log(`bench: warm on ${runtime.label}, ${chosen.warmRepeats} containers of ${chosen.warmInvocations} sequential invocations per handler`);
      const warmRows = await warm(bench, runtime, chosen.warmInvocations, chosen.warmRepeats);
      runs.push({ runtime, cold: cold.get(runtime.label) ?? [], imports: imports.get(runtime.label) ?? [], warm: warmRows });
    }
    // Token economy does not depend on the Node: measured on the deployed runtime's major if there.
    const deployed = list[list.length - 1];
    console.log(`bench: ${chosen.burst} concurrent invocations in one container on ${deployed.label}`);
    const burstResult = await burst(bench, deployed, chosen.burst);

    const cpu = cpus();
    const results: Results = {
      date: new Date().toISOString(),
      machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()}`,
      esbuild: esbuildVersion,
      commit: commandOutput('git', ['rev-parse', '--short', 'HEAD']),
      runtime: builds.runtime,
      esbuildOptions: builds.esbuildOptions,
      settings: chosen,
      bundles: builds,
      runs,
      burst: { ...burstResult, runtime: deployed.label },
      durationS: (Date.now() - startedAt) / 1000,
      load: loadAtStart,
      loadAtEnd: loadavg()[0],
    };
    const markdown = renderResults(results);
    const official = !chosen.quick && chosen.rounds >= 20 && chosen.node === undefined && list.length === 2;
    const file = official ? join(ROOT, 'bench/results.md') : join(OUT, `results-${chosen.quick ? 'quick' : list.map((runtime) => runtime.version).join('-')}.md`);
    writeFileSync(file, markdown);
    console.log(`\n${markdown}\nbench: written to ${file} in ${results.durationS.toFixed(0)} s`);
    // Not in --quick (CI): the queue section starts its own stack and waits on it; run it by hand
    // (npm run bench -- --queue [--quick]).
    if (!chosen.quick) await queueSection(false);
  } finally {
    service.stop();
    await dynamo.stop();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

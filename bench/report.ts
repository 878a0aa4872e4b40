import type { BuildOptions, Metafile } from 'esbuild';
import type { Builds } from './build';
import type { Runtime } from './node-runtimes';
import { bootstrap95, median, percentile } from './stats';

export interface ColdRow {
  name: string;
  wallMs: number;
  addedMs: number;
  /** 95% bootstrap interval of addedMs: the run's noise. */
  addedCi: [number, number];
  addedByRound: number[];
  /** CPU time (user + system, all threads) over the same round's bare node: far less sensitive to the machine's other work than wall time. */
  cpuAddedByRound: number[];
  rssByRound: number[];
  initMs: number;
  invokeMs: number;
  cpuMs: number;
  maxRssMb: number;
  spawnToResultMs: number;
  /** From the answer to the process's exit: teardown, not counted anywhere else. */
  exitAfterAnswerMs: number;
  logLines: number;
  /** The local DynamoDB's own time answering this handler's requests (the call record's PutItem), in the bench process. */
  storeServiceMs: number;
}

export interface ImportRow {
  name: string;
  bytes: number;
  initMs: number;
  firstUseMs: number;
  addedMs: number;
  addedRssMb: number;
  /** Median time of a further use in a warm process, the emulator's service time taken off. */
  warmUseP50Ms: number;
}

export interface WarmRow {
  name: string;
  count: number;
  perSecond: number;
  handlerP50: number;
  handlerP99: number;
  serviceP50: number;
  serviceP99: number;
  overheadP50: number;
  overheadP90: number;
  overheadP99: number;
  logLinesPerInvocation: number;
}

/** Everything measured on one Node. */
export interface RuntimeRun {
  runtime: Runtime;
  cold: ColdRow[];
  imports: ImportRow[];
  warm: WarmRow[];
}

export interface Results {
  date: string;
  machine: string;
  esbuild: string;
  commit: string;
  runtime: string;
  esbuildOptions: BuildOptions;
  settings: { rounds: number; discardedRounds: number; warmInvocations: number; warmRepeats: number; burst: number };
  bundles: Builds;
  runs: RuntimeRun[];
  burst: {
    /** The Node it ran on. */
    runtime: string;
    invocations: number;
    status201: number;
    tokenRequests: number;
    secretReads: number;
    callsPlaced: number;
    peakCallsInFlight: number;
    burstMs: number;
  };
  durationS: number;
  /** os.loadavg()[0] when the run started and ended: other work on the machine. */
  load: number;
  loadAtEnd: number;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
const mb = (value: number) => `${value.toFixed(1)} MB`;
const bytes = (value: number) => value.toLocaleString('en-US');
const ratio = (value: number) => value.toFixed(2);

function row(cells: Array<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: Array<Array<string | number>>, align?: string[]): string {
  return [row(header), row(align ?? header.map((_, index) => (index === 0 ? '---' : '---:'))), ...rows.map(row)].join('\n');
}

/** Files of ours that are data of a package, named apart in a bundle's composition. */
const OWN_PARTS: Readonly<Record<string, string>> = {
  'lib/phone/metadata.ts': 'libphonenumber-js metadata (lib/phone/metadata.ts)',
  'lib/hours/data/time-zone-map.ts': "libphonenumber's time zone map (lib/hours/data/)",
};

/** Bytes of a bundle by package (node_modules) or top-level folder (our own code), largest first. */
export function composition(metafile: Metafile): Array<{ part: string; bytes: number }> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/[^]*$/.exec(input);
      const own = input.replace(/^(\.\.\/)+/, '');
      const part = inModules ? inModules[1] : (OWN_PARTS[own] ?? `${own.split('/')[0]}/ (ours)`);
      totals.set(part, (totals.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...totals.entries()].map(([part, count]) => ({ part, bytes: count })).sort((a, b) => b.bytes - a.bytes);
}

interface Target {
  name: string;
  measured: number;
  limit: number;
  shown: string;
  /** Lower is better for every target here. */
  met: boolean;
  /** What meeting it would take, when missed. */
  gap?: string;
}

function targets(run: RuntimeRun, results: Results): Target[] {
  const cold = (name: string) => findRow(run.cold, name);
  const ours = cold('ours');
  const sdk = cold('sdk');
  const floor = cold('floor');
  const deployed = deployedAgainstFloor(run);
  const oursWarm = findRow(run.warm, 'ours');
  const [floorLow, floorHigh] = ratioCi(ours, floor);
  const bundleRatio = results.bundles.ours.bytes / results.bundles.sdk.bytes;
  const vsSdk = ours.addedMs / sdk.addedMs;
  const vsFloor = ours.addedMs / floor.addedMs;
  const rss = ours.maxRssMb / floor.maxRssMb;
  const list: Target[] = [
    {
      name: 'as deployed (the call record written): added time ≤ 1.3 × the floor with a record',
      measured: deployed.wall.value,
      limit: 1.3,
      shown: `${ratio(deployed.wall.value)} (95% interval ${ratio(deployed.wall.ci[0])}–${ratio(deployed.wall.ci[1])}): ${ms(deployed.ours.addedMs)} vs ${ms(deployed.floor.addedMs)}; of CPU time ${ratio(deployed.cpu.value)} (${ratio(deployed.cpu.ci[0])}–${ratio(deployed.cpu.ci[1])})`,
      met: deployed.wall.value <= 1.3,
      gap: `needs ≤ ${ms(1.3 * deployed.floor.addedMs)}, ${ms(deployed.ours.addedMs - 1.3 * deployed.floor.addedMs)} less`,
    },
    {
      name: 'as deployed: peak RSS ≤ 1.1 × the floor with a record',
      measured: deployed.rss.value,
      limit: 1.1,
      shown: `${ratio(deployed.rss.value)} (95% interval ${ratio(deployed.rss.ci[0])}–${ratio(deployed.rss.ci[1])}): ${mb(deployed.ours.maxRssMb)} vs ${mb(deployed.floor.maxRssMb)}`,
      met: deployed.rss.value <= 1.1,
      gap: `needs ≤ ${mb(1.1 * deployed.floor.maxRssMb)}`,
    },
    {
      name: 'bundle ≤ 1/6 of the sdk bundle',
      measured: bundleRatio,
      limit: 1 / 6,
      shown: `${ratio(bundleRatio)} (1/${(1 / bundleRatio).toFixed(1)}): ${bytes(results.bundles.ours.bytes)} vs ${bytes(results.bundles.sdk.bytes)} bytes`,
      met: bundleRatio <= 1 / 6,
      gap: `${bytes(Math.ceil(results.bundles.ours.bytes - results.bundles.sdk.bytes / 6))} bytes too many`,
    },
    {
      name: 'cold start: added time ≤ 0.6 × sdk',
      measured: vsSdk,
      limit: 0.6,
      shown: `${ratio(vsSdk)} (per round ${spread(ours, sdk)}): ${ms(ours.addedMs)} vs ${ms(sdk.addedMs)}`,
      met: vsSdk <= 0.6,
      gap: `needs ≤ ${ms(0.6 * sdk.addedMs)}, ${ms(ours.addedMs - 0.6 * sdk.addedMs)} less`,
    },
    {
      name: 'without the record: added time ≤ 1.3 × floor',
      measured: vsFloor,
      limit: 1.3,
      shown: `${ratio(vsFloor)} (95% interval ${ratio(floorLow)}–${ratio(floorHigh)}): ${ms(ours.addedMs)} vs ${ms(floor.addedMs)}`,
      met: vsFloor <= 1.3,
      gap: `needs ≤ ${ms(1.3 * floor.addedMs)}, ${ms(ours.addedMs - 1.3 * floor.addedMs)} less`,
    },
    metricsTarget(ours, cold('ours, no metrics')),
    {
      name: 'without the record: peak RSS ≤ 1.1 × floor',
      measured: rss,
      limit: 1.1,
      shown: `${ratio(rss)}: ${mb(ours.maxRssMb)} vs ${mb(floor.maxRssMb)} (sdk ${ratio(sdk.maxRssMb / floor.maxRssMb)})`,
      met: rss <= 1.1,
      gap: `needs ≤ ${mb(1.1 * floor.maxRssMb)}`,
    },
    {
      name: 'warm overhead p50 ≤ 1 ms',
      measured: oursWarm.overheadP50,
      limit: 1,
      shown: `${ms(oursWarm.overheadP50)} (p99 ${ms(oursWarm.overheadP99)})`,
      met: oursWarm.overheadP50 <= 1,
      gap: `${ms(oursWarm.overheadP50 - 1)} too much; the floor's HTTP exchange alone takes ${ms(findRow(run.warm, 'floor').overheadP50)}, on node:http ${ms(findRow(run.warm, 'floor on node:http').overheadP50)}`,
    },
    {
      name: `one token request per container (${results.burst.invocations} concurrent invocations)`,
      measured: results.burst.tokenRequests,
      limit: 1,
      shown: `${results.burst.tokenRequests} token request(s), ${results.burst.status201}/${results.burst.invocations} answered 201`,
      met: results.burst.tokenRequests === 1 && results.burst.status201 === results.burst.invocations,
    },
  ];
  return list;
}

/** What a handler adds over another, round by round (the same round's processes): median and 95% interval. */
export function pairedDifference(a: ColdRow, b: ColdRow): { medianMs: number; ci: [number, number] } {
  const byRound = a.addedByRound.map((added, round) => added - b.addedByRound[round]);
  return { medianMs: median(byRound), ci: bootstrap95(byRound.length, (rounds) => median(rounds.map((round) => byRound[round]))) };
}

/**
 * Metrics must not move the cold start by more than the noise the bench states: the paired difference
 * between ours and the same bundle with Powertools Metrics replaced by a no-op, against half the
 * width of ours' own 95% interval.
 */
function metricsTarget(ours: ColdRow, withoutMetrics: ColdRow): Target {
  const { medianMs, ci } = pairedDifference(ours, withoutMetrics);
  const noise = (ours.addedCi[1] - ours.addedCi[0]) / 2;
  return {
    name: "metrics move the cold start by less than ours' noise",
    measured: Math.abs(medianMs),
    limit: noise,
    shown: `${medianMs >= 0 ? '+' : '−'}${ms(Math.abs(medianMs))} (95% interval ${ms(ci[0])} to ${ms(ci[1])}) against ±${ms(noise)}; peak RSS ${mb(ours.maxRssMb - withoutMetrics.maxRssMb)}`,
    met: Math.abs(medianMs) <= noise,
  };
}

/** 95% bootstrap interval of the ratio of two handlers' median added times, rounds resampled in pairs. */
export function ratioCi(a: ColdRow, b: ColdRow): [number, number] {
  return ratioOfMedians(a.addedByRound, b.addedByRound).ci;
}

/** The ratio of two per-round series' medians and its 95% bootstrap interval, rounds resampled in pairs. */
export function ratioOfMedians(a: number[], b: number[]): { value: number; ci: [number, number] } {
  const of = (rounds: number[]) => median(rounds.map((round) => a[round])) / median(rounds.map((round) => b[round]));
  return { value: median(a) / median(b), ci: bootstrap95(a.length, of) };
}

/** createCall as deployed (CALLS_TABLE set) against the floor that writes the same record: wall and CPU time over bare node, and peak RSS. */
function deployedAgainstFloor(run: RuntimeRun) {
  const ours = findRow(run.cold, 'ours + call record');
  const floor = findRow(run.cold, 'floor + call record');
  return {
    ours,
    floor,
    wall: ratioOfMedians(ours.addedByRound, floor.addedByRound),
    cpu: ratioOfMedians(ours.cpuAddedByRound, floor.cpuAddedByRound),
    rss: ratioOfMedians(ours.rssByRound, floor.rssByRound),
  };
}

/** The interquartile range of the per-round ratio of added times: how steady the ratio is. */
function spread(a: ColdRow, b: ColdRow): string {
  const ratios = a.addedByRound.map((added, round) => added / b.addedByRound[round]);
  return `${ratio(percentile(ratios, 25))}–${ratio(percentile(ratios, 75))}`;
}

function findRow<R extends { name: string }>(rows: R[], name: string): R {
  const found = rows.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no result for ${name}`);
  return found;
}

function targetCell(target: Target): string {
  // A limit of 0 (a noise of 0: one round) has no percentage to be missed by.
  const by = target.limit > 0 ? ` by ${((target.measured / target.limit - 1) * 100).toFixed(0)}%` : '';
  return `${target.shown}: ${target.met ? 'met' : `**missed**${by}${target.gap ? ` (${target.gap})` : ''}`}`;
}

function coldSection(run: RuntimeRun, settings: Results['settings']): string {
  const cold = (name: string) => findRow(run.cold, name);
  const part = (name: string) => findRow(run.imports, name);
  const ours = cold('ours');
  const floor = cold('floor');
  const sdk = cold('sdk');
  const bare = cold('bare node');
  const silent = cold('ours, logs off');
  const withoutMetrics = cold('ours, no metrics');
  const metricsCost = pairedDifference(ours, withoutMetrics);
  const recorded = cold('ours + call record');
  const floorRecorded = cold('floor + call record');
  const deployed = deployedAgainstFloor(run);
  const [low, high] = ratioCi(ours, floor);
  const recordCost = pairedDifference(recorded, ours);
  const floorRecordCost = pairedDifference(floorRecorded, floor);
  return `## Cold start on ${run.runtime.label} (${run.runtime.version})

Medians over ${settings.rounds} fresh processes each. "Added" is the median over rounds of (this handler − the same round's bare node); its 95% interval (rounds resampled, 2,000 times) is the noise of this run: two figures whose intervals overlap are not told apart by it.

${table(
  ['handler', 'wall to answer', 'added over bare', '95% interval', 'require()', '1st invocation', 'CPU (user+sys)', 'peak RSS', 'spawn → answer'],
  run.cold.map((entry) => [
    entry.name,
    ms(entry.wallMs),
    entry.name === 'bare node' ? '–' : ms(entry.addedMs),
    entry.name === 'bare node' ? '–' : `${ms(entry.addedCi[0])}–${ms(entry.addedCi[1])}`,
    ms(entry.initMs),
    ms(entry.invokeMs),
    ms(entry.cpuMs),
    mb(entry.maxRssMb),
    ms(entry.spawnToResultMs),
  ]),
)}

Ratios of added time: ours/floor **${ratio(ours.addedMs / floor.addedMs)}** (95% interval ${ratio(low)}–${ratio(high)}; per round, middle half ${spread(ours, floor)}), ours/sdk **${ratio(ours.addedMs / sdk.addedMs)}**, floor/sdk ${ratio(floor.addedMs / sdk.addedMs)}; of wall time: ours/sdk ${ratio(ours.wallMs / sdk.wallMs)}. Of CPU time over bare node's: ours/sdk ${ratio((ours.cpuMs - bare.cpuMs) / (sdk.cpuMs - bare.cpuMs))}, ours/floor ${ratio((ours.cpuMs - bare.cpuMs) / (floor.cpuMs - bare.cpuMs))} (a 256 MB Lambda has a fraction of a vCPU, where CPU time weighs more than on this machine's idle cores). Peak RSS: ours/floor **${ratio(ours.maxRssMb / floor.maxRssMb)}**, sdk/floor ${ratio(sdk.maxRssMb / floor.maxRssMb)}.
Logs: ours prints ${ours.logLines} line(s) per invocation as deployed (its JSON log line at INFO, and its metrics' EMF line(s)); the same bundle with \`POWERTOOLS_LOG_LEVEL=SILENT\` adds ${ms(silent.addedMs)} instead of ${ms(ours.addedMs)}; the logger's own first line costs ${ms(part('@aws-lambda-powertools/logger').firstUseMs)} (below).

Metrics: "ours, no metrics" is the same bundle with Powertools Metrics replaced by a no-op (bench/stubs/no-metrics.ts, in the bench's build only). Round by round, ours − ours without metrics is ${ms(metricsCost.medianMs)} (95% interval ${ms(metricsCost.ci[0])} to ${ms(metricsCost.ci[1])}); ours' own added time has the interval ${ms(ours.addedCi[0])}–${ms(ours.addedCi[1])}.

**As deployed**, createCall writes the call's record before it answers (CALLS_TABLE, one conditional DynamoDB PutItem, here to a local dynalite): "ours + call record" is the packaged bundle with CALLS_TABLE set, held against "floor + call record", the floor with the same PutItem through the official DynamoDB client (bench/handlers/floor-record.ts). Added time ${ms(recorded.addedMs)} vs ${ms(floorRecorded.addedMs)}: **${ratio(deployed.wall.value)}** (95% interval ${ratio(deployed.wall.ci[0])}–${ratio(deployed.wall.ci[1])}); of CPU time over bare node's ${ratio(deployed.cpu.value)} (${ratio(deployed.cpu.ci[0])}–${ratio(deployed.cpu.ci[1])}), ${ms(median(recorded.cpuAddedByRound))} vs ${ms(median(floorRecorded.cpuAddedByRound))}; peak RSS **${ratio(deployed.rss.value)}** (${ratio(deployed.rss.ci[0])}–${ratio(deployed.rss.ci[1])}). Round by round the record adds ${ms(recordCost.medianMs)} to ours (95% interval ${ms(recordCost.ci[0])} to ${ms(recordCost.ci[1])}) and ${ms(floorRecordCost.medianMs)} to the floor (${ms(floorRecordCost.ci[0])} to ${ms(floorRecordCost.ci[1])}), peak RSS +${mb(recorded.maxRssMb - ours.maxRssMb)} and +${mb(floorRecorded.maxRssMb - floor.maxRssMb)}; dynalite's own time answering the PutItem is ${ms(recorded.storeServiceMs)} for ours and ${ms(floorRecorded.storeServiceMs)} for the floor (medians), and the DynamoDB client measured alone (below) costs ${ms(part('@aws-sdk/client-dynamodb (call record)').addedMs)} with its first PutItem.

Beyond the floor (the same three exchanges with no framework), ours spends ${ms(ours.initMs - floor.initMs)} more in require() and ${ms(ours.invokeMs - floor.invokeMs)} more in its first invocation. Bare node's process reaches the handler at ${ms(bare.wallMs)}.`;
}

function importsSection(run: RuntimeRun, settings: Results['settings']): string {
  const part = (name: string) => findRow(run.imports, name);
  return `### What a cold start is made of, on ${run.runtime.label}

Each dependency alone, bundled the same way (bench/imports/), in fresh processes (${settings.rounds} rounds): its require(), then one first use (a parse, a log line, a request to the emulator), and the process's wall time and peak RSS over bare node's. "Warm use" is the median of ${settings.warmInvocations} further uses in one process, the emulator's service time taken off a request.

${table(
  ['part', 'bundle bytes', 'require()', 'first use', 'added wall', 'added RSS', 'warm use p50', 'a use is'],
  run.imports.map((entry) => [entry.name, bytes(entry.bytes), ms(entry.initMs), ms(entry.firstUseMs), ms(entry.addedMs), mb(entry.addedRssMb), ms(entry.warmUseP50Ms), FIRST_USE[entry.name] ?? '']),
  ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---'],
)}

Ours uses, on top of the Secrets Manager client (${ms(part('@aws-sdk/client-secrets-manager').addedMs)}): libphonenumber-js on lib/phone's metadata (${ms(part('libphonenumber-js (lib/phone)').addedMs)}), the Powertools logger (${ms(part('@aws-lambda-powertools/logger').addedMs)}), Powertools metrics (${ms(part('@aws-lambda-powertools/metrics').addedMs)}), middy (${ms(part('@middy/core').addedMs)}) and ky (${ms(part('ky (on fetch)').addedMs)}). ky's require() already pays for fetch: at load it builds a \`Request\` with a \`ReadableStream\` body, which makes Node load undici, and undici's first request compiles its WebAssembly HTTP parser. fetch alone costs ${ms(part('fetch (built in)').addedMs)}; the same first request on node:http ${ms(part('node:http (for comparison)').addedMs)}. The sdk handler pays purecloud-platform-client-v2 (${ms(part('purecloud-platform-client-v2').addedMs)}) on top of the same Secrets Manager client. Measured alone, parts overlap (Node's own modules load once per process), so they do not add up exactly.`;
}

function warmSection(run: RuntimeRun, settings: Results['settings']): string {
  const part = (name: string) => findRow(run.imports, name);
  return `### Warm, on ${run.runtime.label}

Per handler, ${settings.warmRepeats} processes (the handlers' order rotated), each with one cold invocation (not counted) and then ${settings.warmInvocations} invocations one after another; percentiles are over all ${settings.warmRepeats * settings.warmInvocations} of them, invocations/s is the median process's.

${table(
  ['handler', 'invocations/s', 'handler p50', 'handler p99', 'emulator p50', 'emulator p99', 'overhead p50', 'overhead p90', 'overhead p99'],
  run.warm.map((entry) => [
    entry.name,
    entry.perSecond.toFixed(0),
    ms(entry.handlerP50),
    ms(entry.handlerP99),
    ms(entry.serviceP50),
    ms(entry.serviceP99),
    ms(entry.overheadP50),
    ms(entry.overheadP90),
    ms(entry.overheadP99),
  ]),
)}

Overhead = the handler's time minus the emulator's service time for that invocation's request: our code, the HTTP client and the loopback socket. The floor's overhead is what the HTTP exchange alone costs with fetch; on node:http it costs ${ms(findRow(run.warm, 'floor on node:http').overheadP50)}. Printing the log line costs ${ms(findRow(run.warm, 'ours').overheadP50 - findRow(run.warm, 'ours, logs off').overheadP50)} per invocation (ours − ours with logs off). Per warm use, from the breakdown above: a ky request ${ms(part('ky (on fetch)').warmUseP50Ms)}, a fetch request ${ms(part('fetch (built in)').warmUseP50Ms)}, a node:http request ${ms(part('node:http (for comparison)').warmUseP50Ms)}, a Powertools log line ${ms(part('@aws-lambda-powertools/logger').warmUseP50Ms)}, a libphonenumber parse ${ms(part('libphonenumber-js (lib/phone)').warmUseP50Ms)}, an empty middy chain ${ms(part('@middy/core').warmUseP50Ms)}.`;
}

/** Where the AWS SDK comes from in these bundles, as serverless.yml's options say. */
function sdkNote(options: BuildOptions): string {
  return (options.external ?? []).includes('@aws-sdk/*')
    ? '`@aws-sdk/*` is external in all of them (the Lambda runtime provides it; here it loads from node_modules).'
    : 'The AWS SDK clients are bundled into each file (serverless.yml does not leave `@aws-sdk/*` to the runtime).';
}

export function renderResults(results: Results): string {
  const { bundles, settings, runs } = results;
  const perRuntime = runs.map((run) => targets(run, results));

  return `# Benchmarks: createCall against the official Genesys SDK and the floor

Written by \`npm run bench\` (bench/run.ts); do not edit by hand.

| | |
|---|---|
| date | ${results.date} |
| Node | ${runs.map((run) => `${run.runtime.label} (${run.runtime.version})`).join(' and ')} run the containers (the deployed runtime is ${results.runtime}) |
| machine | ${results.machine} |
| code | commit ${results.commit} plus the working tree at the time of the run |
| bundler | esbuild ${results.esbuild}, options as serverless-esbuild passes them: \`${JSON.stringify(results.esbuildOptions)}\` |
| load average (1 min) | ${results.load.toFixed(2)} at the start, ${results.loadAtEnd.toFixed(2)} at the end (the bench itself keeps one to two cores busy) |
| runs | cold start: ${settings.rounds} rounds (+${settings.discardedRounds} discarded) of fresh processes, every handler on every Node in each round, in rotated order; warm: ${settings.warmRepeats} × ${settings.warmInvocations} sequential invocations; concurrency: ${settings.burst} invocations at once; ${results.durationS.toFixed(0)} s in all |

Absolute times depend on the machine and its load; compare the ratios, which are taken within one run, and read each with its 95% interval. On a shared or busy machine every process is slowed alike, which inflates the fixed costs all handlers share (Node, the Secrets Manager client, fetch) and pulls every ratio towards 1: a ratio measured under load flatters ours. Run it on an idle machine (load average well under 1) for figures to compare with other machines.

## Targets

${table(
  ['target', ...runs.map((run) => run.runtime.label)],
  perRuntime[0].map((target, index) => [target.name, ...perRuntime.map((list) => targetCell(list[index]))]),
  ['---', ...runs.map(() => '---')],
)}

## Bundles

${table(
  ['handler', 'bytes', 'gzip bytes', 'what it is'],
  [
    ['ours', bytes(bundles.ours.bytes), bytes(bundles.ours.gzipBytes), `\`${bundles.ours.zipEntry}\` from the createCall zip of \`serverless package\` (zip ${bytes(bundles.ours.zipBytes)} bytes); rebuilt with the options above: ${bundles.ours.rebuiltIdentical ? 'byte-identical' : 'DIFFERENT'}`],
    ['sdk', bytes(bundles.sdk.bytes), bytes(bundles.sdk.gzipBytes), 'bench/handlers/sdk.ts: purecloud-platform-client-v2 + Secrets Manager client'],
    ['floor', bytes(bundles.floor.bytes), bytes(bundles.floor.gzipBytes), 'bench/handlers/floor.ts: Secrets Manager client + fetch'],
    ['floor + call record', bytes(bundles.floorRecord.bytes), bytes(bundles.floorRecord.gzipBytes), 'bench/handlers/floor-record.ts: the floor and one conditional PutItem with the DynamoDB client'],
    ['floor on node:http', bytes(bundles.floorNodeHttp.bytes), bytes(bundles.floorNodeHttp.gzipBytes), 'bench/handlers/floor-node-http.ts: the floor with node:http(s) instead of fetch (a reference, not a target)'],
    ['bare node', bytes(bundles.bare.bytes), bytes(bundles.bare.gzipBytes), 'bench/handlers/bare.ts: a handler that does nothing'],
  ],
  ['---', '---:', '---:', '---'],
)}

${sdkNote(results.esbuildOptions)} What ours is made of:

${table(
  ['part', 'bytes in the bundle', 'share'],
  composition(bundles.ours.metafile).map((entry) => [entry.part, bytes(entry.bytes), `${((entry.bytes / bundles.ours.bytes) * 100).toFixed(1)}%`]),
)}

Every function's package as \`serverless package\` makes it (what a deploy uploads; the handler's JavaScript is its one file):

${table(
  ['function', 'zip bytes', 'handler JavaScript bytes'],
  bundles.zips.map((zip) => [zip.name, bytes(zip.zipBytes), bytes(zip.jsBytes)]),
)}

${runs.map((run) => [coldSection(run, settings), importsSection(run, settings), warmSection(run, settings)].join('\n\n')).join('\n\n')}

## Token economy

${results.burst.invocations} invocations at once in one fresh container (one process, ${results.burst.runtime}): ${results.burst.status201} answered 201; the emulator received **${results.burst.tokenRequests}** token request(s), ${results.burst.secretReads} secret read(s) and placed ${results.burst.callsPlaced} calls, all in ${ms(results.burst.burstMs)}.

## Method

- **Builds.** ours is \`functions/create-call.js\` taken out of the zip that \`serverless package\` makes (run in a scratch copy of the service, so the \`.esbuild/\` work folder of a \`serverless offline\` in the real tree is left alone). serverless-esbuild's translation of \`custom.esbuild\` (bench/esbuild-options.ts) rebuilds it byte for byte, and bundles sdk, floor, bare node and the import parts with the same options: minified, \`keepNames\`, cjs, node20, \`@aws-sdk/*\` external. Gzip is zlib's default level.
- **Nodes.** The bench's own Node, and Node ${runs.length > 1 ? runs[runs.length - 1].runtime.version : '22'} as the npm registry ships it (the platform package the \`node\` package would install, fetched with \`npm pack\` into bench/.node/ on first use; \`--no-node22\` skips it). Each round runs every handler on every Node, so both Nodes see the same load.
- **Handlers.** All answer the same API Gateway HTTP API event (the real envelope from test/fixtures/aws-events, body \`{"to":"+14155550100"}\`) by reading the secret with the real AWS SDK from the emulator, getting a client-credentials token and placing one call on behalf of \`GENESYS_CALL_USER_ID\`. sdk and floor validate nothing and log nothing; "floor + call record" then writes the call's record with one conditional PutItem through the official DynamoDB client, as createCall does with CALLS_TABLE set ("ours + call record", the packaged bundle as deployed); ours validates and normalizes the number with libphonenumber-js (on lib/phone/metadata.ts, the full metadata without its formats), checks the destination policy, logs one JSON line (\`POWERTOOLS_LOG_LEVEL=INFO\`, as deployed; the "logs off" row is the same bundle with \`SILENT\`) and prints its metrics (EMF). "ours, no metrics" is ours rebuilt from the same packaged source with the same options and \`@aws-lambda-powertools/metrics\` aliased to a no-op (bench/stubs/no-metrics.ts), in the bench's build only: what metrics cost is the paired difference of the two rows.
- **Cold start.** Each run is a fresh \`node bench/.build/child.js cold <bundle>\` with only the container's environment (emulator URLs, dummy AWS keys, \`AWS_EC2_METADATA_DISABLED=true\`; no NODE_OPTIONS). The child require()s the bundle, as the Lambda runtime does, invokes the handler once, and reports \`performance.now()\` when the answer is in hand (milliseconds since \`performance.timeOrigin\`, which Node sets at process start: "wall to answer"), the require() and invocation times, \`process.cpuUsage()\` (all threads, user + system) and \`process.resourceUsage().maxRSS\`, then exits at once. "spawn → answer" is the parent's clock from \`spawn()\` to the result line, which adds process creation before Node's clock starts. Process teardown is not counted: a Lambda container never pays it during a request (from the answer to the exit, median on ${runs[0].runtime.label}: ${runs[0].cold.map((entry) => `${entry.name} ${ms(entry.exitAfterAnswerMs)}`).join(', ')}; with fetch it is slow: at exit V8 waits for its background optimizing compile of undici's WebAssembly HTTP parser). Bare node is the same child with a handler that does nothing. The order rotates every round; the first ${settings.discardedRounds} rounds are discarded. The emulator is reset before every process and checked after it: one secret read, one token request and one call placed.
- **Noise.** Each "added" median and each ratio of medians comes with a 95% bootstrap interval: the rounds are resampled with replacement 2,000 times (a round's processes stay together, so the pairing with bare node and between handlers is kept) and the middle 95% of the recomputed figure is shown. A change whose effect lies inside the interval is not measurable by this run. The CPU time of each process (\`process.cpuUsage()\`, all its threads) over the same round's bare node is given beside the wall time, with its own interval: other work on the machine stretches wall time far more than CPU time, so on a shared machine it is the steadier measure (a 256 MB Lambda has a fraction of a vCPU, where CPU time is most of a cold start).
- **Warm overhead.** A child runs ${settings.warmInvocations} invocations one after another (${settings.warmRepeats} such children per handler), timing each with \`process.hrtime.bigint()\` (event and context are built outside the timed part). The emulator runs in the parent process; its service time per request is taken from Node's HTTP server diagnostics channels (\`http.server.request.start\` → \`http.server.response.finish\`), without changing the emulator. Invocations are sequential and a warm invocation makes exactly one request (checked: one secret read, one token request, ${settings.warmInvocations} + 1 call POSTs per child), so the n-th invocation is paired with the n-th call POST after the cold one.
- **Token economy.** One child invokes ours ${settings.burst} times at once (\`Promise.all\`) in a fresh process and the emulator's \`records.tokenRequests\` is read.
- Nothing here runs in the jest suite; \`.ci/run\` runs \`npm run bench -- --quick\` (every step once) so that a broken bench fails the build.
`;
}

const FIRST_USE: Record<string, string> = {
  'libphonenumber-js (lib/phone)': 'parse, validate and type one number',
  '@aws-lambda-powertools/logger': 'one INFO line',
  '@middy/core': 'one invocation through an empty chain',
  'ky (on fetch)': 'one GET to the emulator',
  'fetch (built in)': 'one GET to the emulator',
  'node:http (for comparison)': 'one GET to the emulator',
  '@aws-sdk/client-secrets-manager': 'one GetSecretValue',
  'purecloud-platform-client-v2': 'one client-credentials login',
  'idempotency (keyed requests only)': 'set up as lib/idempotency/run-once.ts does (no DynamoDB request)',
  '@aws-sdk/client-dynamodb (call record)': 'one conditional PutItem to the local DynamoDB',
  '@aws-lambda-powertools/metrics': 'one count, published as one EMF line',
};

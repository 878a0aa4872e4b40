/**
 * `npm run bench:ab`: a lever measured alone. Bundles given on the command line run as cold starts
 * in the same alternated rounds as bare node (fresh processes, the order rotated each round, on this
 * Node and Node 22 unless told otherwise), and each is compared with the first, round by round:
 * added wall time, CPU time and peak RSS, each difference with its 95% interval. With `--against`,
 * every bundle's ratio to that one (wall and CPU time over bare node's, peak RSS) is given too.
 *
 *   npm run bench:ab -- [--rounds 12] [--no-node22] [--node <path>] [--env NAME=value …]
 *                       [--against <name>] [--parts] <name>=<bundle.js>[,NAME=value…] <name>=<bundle.js> …
 *
 * `--parts`: the bundles are import-cost parts like bench/imports/ (a `firstUse` export, loaded and
 * used once, no handler): what one dependency costs, without the noise of the whole job.
 *
 * e.g. the call record as deployed against the floor with one, the SDK external and bundled:
 *   npm run bench:ab -- --env CALLS_TABLE=genesys-outbound-call-local-calls --against floor \
 *     external=a/create-call.js bundled=b/create-call.js floor=bench/.build/floor-record.js
 *
 * Every bundle must do the whole job (201, one secret read, one token, one call). CPU time depends
 * far less on the machine's other work than wall time does: on a shared machine, read it first.
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { start } from '../emulator';
import { startLocalDynamoDB } from '../emulator/local-dynamodb';
import { runtimes } from './node-runtimes';
import type { ImportResult } from './protocol';
import type { Bench, Variant } from './rounds';
import { cells, coldRun, container, inRounds } from './rounds';
import { recordServiceTimes } from './service-time';
import { bootstrap95, median } from './stats';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench/.build/ab');

interface Options {
  rounds: number;
  discardedRounds: number;
  node?: string;
  node22: boolean;
  env: Record<string, string>;
  against?: string;
  /** The bundles are import-cost parts (bench/imports/), loaded and used once: no handler, no exchanges. */
  parts: boolean;
  bundles: Array<{ name: string; file: string; env?: Record<string, string> }>;
}

function options(argv: string[]): Options {
  const chosen: Options = { rounds: 12, discardedRounds: 2, node22: true, env: {}, parts: false, bundles: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = () => {
      index += 1;
      if (argv[index] === undefined) throw new Error(`${argument} needs a value`);
      return argv[index];
    };
    if (argument === '--rounds') chosen.rounds = Number(value());
    else if (argument === '--no-node22') chosen.node22 = false;
    else if (argument === '--node') chosen.node = value();
    else if (argument === '--against') chosen.against = value();
    else if (argument === '--parts') chosen.parts = true;
    else if (argument === '--env') {
      const [name, ...rest] = value().split('=');
      chosen.env[name] = rest.join('=');
    } else if (/^[^-][^=]*=.+/.test(argument)) {
      // <name>=<bundle.js>[,NAME=value…]: that bundle's own environment on top of --env.
      const [name, ...rest] = argument.split('=');
      const [file, ...settings] = rest.join('=').split(',');
      const env = Object.fromEntries(settings.map((setting) => [setting.slice(0, setting.indexOf('=')), setting.slice(setting.indexOf('=') + 1)]));
      chosen.bundles.push({ name, file: resolve(file), env });
    } else throw new Error(`unknown argument ${argument}`);
  }
  if (!Number.isInteger(chosen.rounds) || chosen.rounds < 1) throw new Error('--rounds needs a whole number');
  if (chosen.bundles.length < 2) throw new Error('give at least two bundles: <name>=<bundle.js> <name>=<bundle.js>');
  if (chosen.against && !chosen.bundles.some((bundle) => bundle.name === chosen.against)) throw new Error(`--against ${chosen.against}: no bundle of that name`);
  return chosen;
}

const ms = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
const interval = ([low, high]: [number, number], digits = 1) => `${low.toFixed(digits)} to ${high.toFixed(digits)}`;

/** Median of a per-round series and its 95% interval (rounds resampled). */
function medianWithCi(series: number[]): { value: number; ci: [number, number] } {
  return { value: median(series), ci: bootstrap95(series.length, (rounds) => median(rounds.map((round) => series[round]))) };
}

/** Ratio of two per-round series' medians, with its 95% interval (rounds resampled in pairs). */
function ratioWithCi(a: number[], b: number[]): { value: number; ci: [number, number] } {
  const of = (rounds: number[]) => median(rounds.map((round) => a[round])) / median(rounds.map((round) => b[round]));
  return { value: of(a.map((_, round) => round)), ci: bootstrap95(a.length, of) };
}

async function main(): Promise<void> {
  const chosen = options(process.argv.slice(2));
  const list = runtimes(chosen);
  mkdirSync(OUT, { recursive: true });
  const child = join(OUT, 'child.js');
  await build({ entryPoints: [join(ROOT, 'bench/child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: child, logLevel: 'warning' });
  const bare: Options['bundles'][number] = { name: 'bare node', file: join(OUT, 'bare.js') };
  await build({ entryPoints: [join(ROOT, 'bench/handlers/bare.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: bare.file, logLevel: 'warning' });

  const variants = [bare, ...chosen.bundles].map((bundle) => ({
    ...bundle,
    variant: { name: bundle.name, statusCode: bundle === bare ? 200 : 201, exchanges: bundle !== bare, env: { ...chosen.env, ...bundle.env } } satisfies Variant,
  }));
  const emulator = await start({ port: 0 });
  const dynamo = await startLocalDynamoDB();
  const service = recordServiceTimes();
  const bench: Bench = { child, emulator, served: service.served, dynamoUrl: dynamo.url };
  const loads: number[] = [];
  try {
    console.log(`bench:ab: ${chosen.rounds} rounds (+${chosen.discardedRounds} discarded) of ${variants.length * list.length} fresh processes on ${list.map((runtime) => `${runtime.label} (${runtime.version})`).join(' and ')}; load ${loadavg()[0].toFixed(2)}`);
    const runs = await inRounds(cells(variants, list), chosen, async ({ runtime, of }) => {
      if (of === variants[0] && runtime === list[0]) loads.push(loadavg()[0]);
      if (chosen.parts && of !== variants[0]) {
        emulator.reset();
        return (await container<ImportResult>(bench, runtime, ['import', of.file], of.variant.env)).result;
      }
      return (await coldRun(bench, runtime, of.variant, of.file)).result;
    });
    console.log(`load (1 min) per round: median ${median(loads).toFixed(2)}, ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)}; now ${loadavg()[0].toFixed(2)}\n`);
    for (const runtime of list) {
      const of = (name: string) => runs.get(`${runtime.label}: ${name}`) ?? [];
      const bareRuns = of(bare.name);
      const wall = (name: string) => of(name).map((run, round) => run.wallMs - bareRuns[round].wallMs);
      const cpu = (name: string) => of(name).map((run, round) => run.cpuUserMs + run.cpuSystemMs - (bareRuns[round].cpuUserMs + bareRuns[round].cpuSystemMs));
      const rss = (name: string) => of(name).map((run) => run.maxRssKb / 1024);
      const [a, ...others] = chosen.bundles;
      console.log(`${runtime.label} (${runtime.version}): medians over rounds, 95% intervals; wall and CPU over the same round's bare node`);
      console.log('| bundle | added wall ms | CPU ms | peak RSS MB | Δ wall vs A | Δ CPU vs A | Δ RSS vs A |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const bundle of [a, ...others]) {
        const added = medianWithCi(wall(bundle.name));
        const cpuAdded = medianWithCi(cpu(bundle.name));
        const paired = (series: (name: string) => number[]) => medianWithCi(series(bundle.name).map((value, round) => value - series(a.name)[round]));
        const cells_ =
          bundle === a
            ? ['(A)', '(A)', '(A)']
            : [paired(wall), paired(cpu), paired(rss)].map((difference, index) => `${ms(difference.value)} (${interval(difference.ci, index === 2 ? 2 : 1)})`);
        console.log(`| ${bundle.name} | ${added.value.toFixed(1)} (${interval(added.ci)}) | ${cpuAdded.value.toFixed(1)} (${interval(cpuAdded.ci)}) | ${median(rss(bundle.name)).toFixed(1)} | ${cells_.join(' | ')} |`);
      }
      if (chosen.against) {
        const against = chosen.against;
        console.log(`\nagainst ${against}: ratio of medians (95% interval)`);
        for (const bundle of chosen.bundles.filter((candidate) => candidate.name !== against)) {
          const wallRatio = ratioWithCi(wall(bundle.name), wall(against));
          const cpuRatio = ratioWithCi(cpu(bundle.name), cpu(against));
          const rssRatio = ratioWithCi(rss(bundle.name), rss(against));
          console.log(`- ${bundle.name}: wall ${wallRatio.value.toFixed(2)} (${interval(wallRatio.ci, 2)}), CPU ${cpuRatio.value.toFixed(2)} (${interval(cpuRatio.ci, 2)}), peak RSS ${rssRatio.value.toFixed(3)} (${interval(rssRatio.ci, 3)})`);
        }
      }
      console.log('');
    }
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

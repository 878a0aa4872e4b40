/**
 * One Lambda container: a fresh Node process that loads a handler bundle with require(), as the
 * Lambda runtime does, and invokes it with an API Gateway HTTP API event built on the envelope AWS
 * really delivers. It prints one line `BENCH_RESULT {json}` on stdout (the handler's own log lines
 * may come before it) and exits at once, so that nothing after the answer is counted.
 *
 *   node child.js cold   <bundle>           load, invoke once; timings from process start
 *   node child.js warm   <bundle> <count>   load, invoke once (not timed), then <count> times one after another
 *   node child.js burst  <bundle> <count>   load, invoke <count> times at once
 *   node child.js import <bundle> [count]   load, call its firstUse() if any, then <count> more times (the breakdown)
 *
 * Times are `performance.now()`: milliseconds on a monotonic clock since `performance.timeOrigin`,
 * which Node sets when the process starts, before any JavaScript runs.
 */
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { httpApiEvent } from '../test/support/api-gateway-events';
import type { ChildResult, Usage } from './protocol';
import { CALL_REQUEST, RESULT_MARKER } from './protocol';
import { lambdaContext } from '../test/support/lambda-context';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyResult>;

const harnessStartMs = performance.now();

function usage(): Usage {
  const cpu = process.cpuUsage();
  return {
    wallMs: performance.now(),
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
  };
}

/** What a bundle may export: a Lambda handler, or (import-cost parts) a first use of what it imported. */
interface Loaded {
  handler?: Handler;
  firstUse?: (url: string) => unknown;
}

function load(bundle: string): Loaded {
  // The Lambda runtime loads a CommonJS handler with require().
  return require(resolve(bundle)) as Loaded;
}

function requireHandler(loaded: Loaded, bundle: string): Handler {
  if (typeof loaded.handler !== 'function') throw new Error(`${bundle} exports no handler function`);
  return loaded.handler;
}

const invocation = () => ({ event: httpApiEvent(CALL_REQUEST), context: lambdaContext(28_000, 'genesys-outbound-call-bench-createCall') });

async function run(mode: string, bundle: string, count: number): Promise<ChildResult> {
  const initStart = performance.now();
  const loaded = load(bundle);
  const initMs = performance.now() - initStart;
  if (mode === 'import') {
    const { firstUse } = loaded;
    const url = process.env.GENESYS_API_URL ?? '';
    let firstUseMs = 0;
    const repeatMs: number[] = [];
    if (typeof firstUse === 'function') {
      const firstUseStart = performance.now();
      await firstUse(url);
      firstUseMs = performance.now() - firstUseStart;
      for (let index = 0; index < count; index += 1) {
        const start = process.hrtime.bigint();
        await firstUse(url);
        repeatMs.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    return { mode, harnessStartMs, initMs, firstUseMs, repeatMs, ...usage() };
  }

  const handler = requireHandler(loaded, bundle);
  if (mode === 'cold') {
    const { event, context } = invocation();
    const invokeStart = performance.now();
    const result = await handler(event, context);
    const invokeMs = performance.now() - invokeStart;
    return { mode, harnessStartMs, initMs, invokeMs, statusCode: result.statusCode, ...usage() };
  }

  if (mode === 'warm') {
    const first = invocation();
    const firstStatusCode = (await handler(first.event, first.context)).statusCode;
    const invocationMs: number[] = [];
    const statusCodes: number[] = [];
    const loopStart = process.hrtime.bigint();
    for (let index = 0; index < count; index += 1) {
      // The event and context are the runtime's work, not the handler's: built outside the timed part.
      const { event, context } = invocation();
      const start = process.hrtime.bigint();
      const result = await handler(event, context);
      invocationMs.push(Number(process.hrtime.bigint() - start) / 1e6);
      statusCodes.push(result.statusCode);
    }
    const loopMs = Number(process.hrtime.bigint() - loopStart) / 1e6;
    return { mode, firstStatusCode, invocationMs, statusCodes, loopMs, ...usage() };
  }

  if (mode === 'burst') {
    const invocations = Array.from({ length: count }, invocation);
    const burstStart = performance.now();
    const results = await Promise.all(invocations.map(({ event, context }) => handler(event, context)));
    const burstMs = performance.now() - burstStart;
    return { mode, statusCodes: results.map((result) => result.statusCode), burstMs, ...usage() };
  }
  throw new Error(`unknown mode ${mode}`);
}

/**
 * Writes all of `text` to a file descriptor. stdout is a non-blocking pipe: after a part that printed
 * a thousand lines (the metrics part's EMF lines) a write may find it full (EAGAIN) until the parent
 * reads; it is tried again rather than lost.
 */
function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

const [mode = '', bundle = '', count = '0'] = process.argv.slice(2);
run(mode, bundle, Number(count)).then(
  (result) => {
    writeAll(1, `\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    writeAll(2, `bench child (${mode} ${bundle}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

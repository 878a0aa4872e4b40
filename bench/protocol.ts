/** What bench/child.ts prints and bench/run.ts reads: one line, the marker then JSON. */
export const RESULT_MARKER = 'BENCH_RESULT ';

/** Already E.164, so that the sdk and floor handlers, which validate nothing, can pass it on as is. */
export const CALL_REQUEST = { to: '+14155550100' };

export interface Usage {
  /** performance.now() when the answer was in hand: what the first caller waits for, from process start. */
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** process.resourceUsage().maxRSS: peak resident set, in kilobytes. */
  maxRssKb: number;
}

export interface ColdResult extends Usage {
  mode: 'cold';
  /** When this harness's own code started running (Node's bootstrap and the harness's load before it). */
  harnessStartMs: number;
  /** require() of the bundle. */
  initMs: number;
  /** The first invocation. */
  invokeMs: number;
  statusCode: number;
}

export interface ImportResult extends Usage {
  mode: 'import';
  harnessStartMs: number;
  initMs: number;
  /** The bundle's `firstUse(emulatorUrl)`, if it exports one (0 if not). */
  firstUseMs: number;
  /** Each further use, when asked for (milliseconds, process.hrtime.bigint). */
  repeatMs: number[];
}

export interface WarmResult extends Usage {
  mode: 'warm';
  firstStatusCode: number;
  /** Duration of each timed invocation, in order, in milliseconds (process.hrtime.bigint). */
  invocationMs: number[];
  statusCodes: number[];
  loopMs: number;
}

export interface BurstResult extends Usage {
  mode: 'burst';
  statusCodes: number[];
  burstMs: number;
}

export type ChildResult = ColdResult | ImportResult | WarmResult | BurstResult;

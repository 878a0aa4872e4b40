import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { serviceName } from '../config';
import type { AttemptEnded, AttemptRetried } from '../genesys/observe';
import { attemptEnded, attemptRetried } from '../genesys/observe';

/** design.md: one namespace; the dimensions are `service` and `code`, and nothing else. */
export const METRICS_NAMESPACE = 'GenesysOutboundCall';

interface MetricDefinition {
  readonly unit: (typeof MetricUnit)[keyof typeof MetricUnit];
  /** What the `code` dimension holds, for the metrics that have one. */
  readonly code?: 'problem code' | 'Genesys code' | 'item outcome' | 'call outcome' | 'put result' | 'deferral reason' | 'list change';
}

/**
 * Every metric the functions emit (CloudWatch EMF, one JSON line per dimension set on stdout).
 * serverless.yml's alarms read them by these names.
 */
export const METRICS = {
  // Calls Genesys accepted (201 from POST /calls, or a schedule item placed).
  CallsPlaced: { unit: MetricUnit.Count },
  // Answers and schedule items that ended in a problem, by problem code (lib/problems/problem-types.ts).
  RequestsRefused: { unit: MetricUnit.Count, code: 'problem code' },
  // Genesys error answers by Genesys's own `code` (`not.a.user`, `bad.request`, …), or `http_<status>`
  // when the answer had none: not problem codes, hence a metric of their own.
  GenesysRefusals: { unit: MetricUnit.Count, code: 'Genesys code' },
  // How long Genesys took to answer a call POST, from sending it to its answer (each attempt).
  GenesysCallLatency: { unit: MetricUnit.Milliseconds },
  // Requests to the Genesys login for a token (one per container, plus refreshes).
  TokenRequests: { unit: MetricUnit.Count },
  // Genesys 429s waited out (Retry-After) and retried.
  RateLimitWaits: { unit: MetricUnit.Count },
  // Answers replayed for an Idempotency-Key.
  IdempotentReplays: { unit: MetricUnit.Count },
  // Placed calls by how they ended, counted once when their outcome becomes `ended`: `answered` or
  // `unanswered` (`unknown` when Genesys did not say; lib/outcomes, from its events or a lookup).
  CallOutcomes: { unit: MetricUnit.Count, code: 'call outcome' },
  // Lookups of a call in Genesys (GET /calls/{id}) that taught nothing, by problem code or
  // `unrecognised_answer`: the stored outcome was answered (lib/outcomes/refresh.ts). Not
  // RequestsRefused: no request was refused, and its alarms say calls fail.
  CallLookupsFailed: { unit: MetricUnit.Count, code: 'problem code' },
  // `Call outcome` events put on the default bus (CALL_OUTCOME_EVENTS): `put`, or `failed` (EventBridge
  // refused or did not answer; the change is not stored, so it is put again: lib/outcomes/outcome-events.ts).
  CallOutcomeEvents: { unit: MetricUnit.Count, code: 'put result' },
  // Dial queue messages done with, by how their call ended (`placed`, `failed`, `mayHaveBeenPlaced`,
  // `cancelled`, `deadLettered`), or `deferred` to the callee's calling hours: lib/queue/dial-one.ts.
  DialItems: { unit: MetricUnit.Count, code: 'item outcome' },
  // Messages sent back to the queue, by why: `rate_limited` (a Genesys 429), `paused` (this dialer
  // waits out a 429), `pace` (no turn left in this invocation), `transient` (a failure before Genesys
  // acted), `in_progress` (another delivery holds the key), `outside_hours` (the callee's calling hours).
  DialDeferrals: { unit: MetricUnit.Count, code: 'deferral reason' },
  // POST /batches accepted (202), and the calls they put on the dial queue.
  BatchesAccepted: { unit: MetricUnit.Count },
  CallsQueued: { unit: MetricUnit.Count },
  // From a message's sending to its call being placed: how far behind the dialers are.
  QueueDelay: { unit: MetricUnit.Milliseconds },
  // Numbers sent to POST /suppressions and POST /suppressions/remove, by what became of each: `added`,
  // `replaced`, `already_listed`, `removed`, `not_listed`, `duplicate` (named twice in one request) or `failed`. Calls
  // refused for the list or the attempt caps are RequestsRefused (destination_suppressed, attempt_limit_reached).
  SuppressionChanges: { unit: MetricUnit.Count, code: 'list change' },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;
/** The metrics counted per `code`. */
export type CodedMetric = { [Name in MetricName]: (typeof METRICS)[Name] extends { code: string } ? Name : never }[MetricName];
export type PlainMetric = Exclude<MetricName, CodedMetric>;

// A dimension value is a code from a table of ours or Genesys's: short lower-case words joined by
// `.`, `_` or `-` (`not.a.user`, `invalid_client`, `genesys_auth_failed`), or `http_<status>`.
// Anything else is counted as `other`: no value can carry a digit of a number or an id into a
// dimension, and the number of dimension values stays small.
const CODE = /^(?:[a-z][a-z._-]{0,63}|http_[1-5][0-9]{2})$/;
const OTHER_CODE = 'other';

/**
 * The metrics of one container. Plain metrics go through Powertools' store; metrics with a `code`
 * are summed per code here and emitted each as its own EMF line (one dimension set per line, as EMF
 * applies every dimension set of a line to every metric in it). Nothing is printed until `publish`,
 * which the functions call once per invocation.
 */
export class ServiceMetrics {
  readonly #metrics: Metrics;
  readonly #coded = new Map<CodedMetric, Map<string, number>>();

  constructor(serviceName: string) {
    this.#metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  }

  add(name: PlainMetric, value = 1): void {
    this.#metrics.addMetric(name, METRICS[name].unit, value);
  }

  addByCode(name: CodedMetric, code: string, value = 1): void {
    const dimension = CODE.test(code) ? code : OTHER_CODE;
    const counts = this.#coded.get(name) ?? new Map<string, number>();
    counts.set(dimension, (counts.get(dimension) ?? 0) + value);
    this.#coded.set(name, counts);
  }

  /** Prints what was recorded since the last publish, and forgets it; prints nothing if nothing was. */
  publish(): void {
    for (const [name, counts] of this.#coded) {
      for (const [code, value] of counts) {
        const single = this.#metrics.singleMetric();
        single.addDimension('code', code);
        // A single metric prints itself as soon as it is added.
        single.addMetric(name, METRICS[name].unit, value);
      }
    }
    this.#coded.clear();
    // Powertools warns on every publish without metrics: only publish when there are some.
    if (this.#metrics.hasStoredMetrics()) this.#metrics.publishStoredMetrics();
  }
}

/** The container's metrics, like its logger: one per process, published once per invocation. */
export const metrics = new ServiceMetrics(serviceName());

// What the Genesys client reports (lib/genesys/observe.ts): each login attempt is a token request;
// each answered call POST a latency; each 429 tried again after its wait one waited out.
attemptEnded.subscribe((message) => {
  const { operation, status, ms } = message as AttemptEnded;
  if (operation === 'token') metrics.add('TokenRequests');
  else if (operation === 'createCall' && status !== undefined) metrics.add('GenesysCallLatency', ms);
});
attemptRetried.subscribe((message) => {
  if ((message as AttemptRetried).status === 429) metrics.add('RateLimitWaits');
});

/** What is counted of a problem (lib/problems' ProblemError has it): its code and, where Genesys answered, Genesys's. */
export interface CountedProblem {
  readonly code: string;
  readonly details: { readonly genesys?: { readonly status?: number; readonly code?: string } };
}

/** A lookup of a call that taught nothing: by its reason and, where Genesys answered, by Genesys's code. */
export function countLookupFailure(reason: string, genesys?: CountedProblem['details']['genesys'], to: ServiceMetrics = metrics): void {
  to.addByCode('CallLookupsFailed', reason);
  if (genesys?.status !== undefined) to.addByCode('GenesysRefusals', genesys.code || `http_${genesys.status}`);
}

/**
 * A problem answered or an item failed: counted by problem code and, where Genesys answered, by
 * Genesys's code (`http_<status>` when its answer had none).
 */
export function countProblem(problem: CountedProblem, to: ServiceMetrics = metrics): void {
  to.addByCode('RequestsRefused', problem.code);
  const genesys = problem.details.genesys;
  if (genesys?.status !== undefined) to.addByCode('GenesysRefusals', genesys.code || `http_${genesys.status}`);
}

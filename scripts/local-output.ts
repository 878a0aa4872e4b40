/**
 * What `npm start` shows of serverless offline's output. By default one readable line per request
 * the functions answer, `<function> <route> <status> <time>`, made from the function's own outcome
 * log line (every use case logs exactly one per outcome, with its `durationMs`) and the route
 * serverless offline announced for it; warnings and errors as one line each. Metrics' EMF lines,
 * the functions' other JSON log lines and serverless offline's per-invocation chatter are left out:
 * they are what CloudWatch reads, not what a person at a terminal does. `npm start -- --verbose` (or
 * `LOG_LEVEL` set) shows everything as it comes.
 */

/** serverless offline's announcement of an HTTP request: `POST /calls (λ: createCall)`. */
const ROUTE_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) \(λ: ([\w-]+)\)$/;
/** serverless offline's report after each invocation: `(λ: createCall) RequestId: … Duration: … ms …`. */
const INVOCATION_LINE = /^\(λ: [\w-]+\) RequestId: /;
/** A metrics line: CloudWatch's embedded metric format. */
const EMF_LINE = /^\{"_aws":/;
const LOUD_LEVELS = new Set(['WARN', 'ERROR', 'CRITICAL']);
/** The local stage's function names are `<service>-local-<function>`: the function is the part a person knows. */
const FUNCTION_NAME = /-local-([\w-]+)$/;

interface LogLine {
  readonly level?: string;
  readonly message?: string;
  readonly function_name?: string;
  readonly durationMs?: number;
  readonly status?: number | string;
  readonly outcome?: string;
  readonly result?: string;
  readonly code?: string;
  readonly detailType?: string;
}

/** A stateful filter: each line of serverless offline's output in, the line to print (or none) out. */
export function localOutput(options: { verbose: boolean }): (line: string) => string | undefined {
  if (options.verbose) return (line) => line;
  // The routes announced and not yet answered, per function, oldest first.
  const routes = new Map<string, string[]>();
  return (line) => {
    const route = ROUTE_LINE.exec(line);
    if (route) {
      const [, method, path, fn] = route;
      routes.set(fn, [...(routes.get(fn) ?? []), `${method} ${path}`]);
      return undefined;
    }
    if (line.trim() === '' || INVOCATION_LINE.test(line) || EMF_LINE.test(line)) return undefined;
    const log = parseLog(line);
    if (!log) return line;
    const fn = FUNCTION_NAME.exec(log.function_name ?? '')?.[1] ?? log.function_name ?? 'function';
    const loud = log.level !== undefined && LOUD_LEVELS.has(log.level);
    if (log.durationMs === undefined) return loud ? [fn.padEnd(14), log.level, log.message, log.code].filter(Boolean).join(' ') : undefined;
    // An outcome: the request it answers, with its status, outcome and problem code.
    const what = routes.get(fn)?.shift() ?? eventName(log) ?? log.message ?? '';
    const status = [typeof log.status === 'number' ? log.status : undefined, log.outcome ?? log.result ?? (typeof log.status === 'string' ? log.status : undefined), log.code];
    return `${fn.padEnd(14)} ${what} ${status.filter((part) => part !== undefined).join(' ')} ${log.durationMs} ms`;
  };
}

/** A Powertools log line (JSON with a level and the function's name), or undefined for any other line. */
function parseLog(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as unknown;
    if (typeof parsed !== 'object' || parsed === null || !('level' in parsed) || !('function_name' in parsed)) return undefined;
    return parsed as LogLine;
  } catch {
    return undefined;
  }
}

/** A Genesys event delivered to callEvents: the end of its detail-type, `customer.start`. */
function eventName({ detailType }: LogLine): string | undefined {
  return detailType ? `event ${detailType.split('.').slice(-2).join('.')}` : undefined;
}

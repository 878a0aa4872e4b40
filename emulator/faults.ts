import { ENDPOINT_NAMES, GARBAGE_BODIES, type EndpointName, type Fault } from './types';

/** Which endpoints each fault kind may be injected into; every other pairing is refused at `inject`. */
const ENDPOINTS_FOR_KIND: Record<Fault['kind'], readonly EndpointName[]> = {
  rateLimit: ENDPOINT_NAMES,
  status: ENDPOINT_NAMES,
  delay: ENDPOINT_NAMES,
  drop: ENDPOINT_NAMES,
  awsError: ['getSecretValue', 'putEvents'],
  stallBody: ENDPOINT_NAMES,
  garbage: ENDPOINT_NAMES,
  failEntries: ['putEvents'],
};

/** Faults waiting for their endpoint, first in first out. */
export class FaultQueue {
  private readonly pending = new Map<EndpointName, Fault[]>();

  inject(endpoint: EndpointName, fault: Fault, times = 1): void {
    assertInjectable(endpoint, fault, times);
    const queue = this.pending.get(endpoint) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(structuredClone(fault));
    this.pending.set(endpoint, queue);
  }

  take(endpoint: EndpointName): Fault | undefined {
    return this.pending.get(endpoint)?.shift();
  }

  clear(): void {
    this.pending.clear();
  }
}

/** Refuses, with a message saying what is wrong, anything that is not a fault the emulator can play. */
export function assertInjectable(endpoint: unknown, fault: unknown, times: unknown): asserts fault is Fault {
  if (!ENDPOINT_NAMES.includes(endpoint as EndpointName)) {
    throw new TypeError(`Unknown endpoint ${JSON.stringify(endpoint)}: expected one of ${ENDPOINT_NAMES.join(', ')}.`);
  }
  if (!Number.isInteger(times) || (times as number) < 1) {
    throw new TypeError(`times must be a positive integer, got ${JSON.stringify(times)}.`);
  }
  const kind = (fault as { kind?: unknown } | null)?.kind;
  const allowed = ENDPOINTS_FOR_KIND[kind as Fault['kind']];
  if (allowed === undefined) {
    throw new TypeError(`Unknown fault kind ${JSON.stringify(kind)}: expected one of ${Object.keys(ENDPOINTS_FOR_KIND).join(', ')}.`);
  }
  if (!allowed.includes(endpoint as EndpointName)) {
    throw new TypeError(`${String(kind)} faults apply only to ${allowed.join(', ')}, not ${String(endpoint)}.`);
  }
  const f = fault as Record<string, unknown>;
  const problem =
    kind === 'rateLimit' && !isNonNegativeNumber(f.retryAfterSeconds) ? 'retryAfterSeconds must be a number >= 0'
    : kind === 'status' && !isHttpStatus(f.status) ? 'status must be an HTTP status (100-599)'
    : kind === 'delay' && !isNonNegativeNumber(f.ms) ? 'ms must be a number >= 0'
    : kind === 'awsError' && typeof f.type !== 'string' ? 'type must be a string such as ThrottlingException'
    : kind === 'stallBody' && f.ms !== undefined && !isNonNegativeNumber(f.ms) ? 'ms must be a number >= 0, or absent for a body that never ends'
    : kind === 'garbage' && !GARBAGE_BODIES.includes(f.body as never) ? `body must be one of ${GARBAGE_BODIES.join(', ')}`
    : kind === 'garbage' && f.status !== undefined && !isHttpStatus(f.status) ? 'status must be an HTTP status (100-599)'
    : kind === 'failEntries' && ((f.errorCode !== undefined && typeof f.errorCode !== 'string') || (f.errorMessage !== undefined && typeof f.errorMessage !== 'string')) ? 'errorCode and errorMessage must be strings'
    : undefined;
  if (problem !== undefined) throw new TypeError(`Invalid ${String(kind)} fault: ${problem}.`);
}

function isHttpStatus(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599;
}

function isNonNegativeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

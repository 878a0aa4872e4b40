import { randomUUID } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import type { GenesysOperation } from './errors';

/**
 * What the Genesys client reports about its requests, for whoever listens (lib/telemetry/metrics.ts): Node
 * diagnostics channels, so that lib/genesys needs nothing from the rest of lib, and a message costs
 * nothing while no one subscribes.
 */

/** One attempt of a request ended: with an answer (`status`), or without one (timeout, network). */
export interface AttemptEnded {
  readonly operation: GenesysOperation;
  readonly status?: number;
  /** From sending the request to having read its whole answer. */
  readonly ms: number;
}

/** A failed attempt is about to be tried again (retry-policy.ts), after its wait. */
export interface AttemptRetried {
  readonly operation: GenesysOperation;
  readonly status?: number;
}

/**
 * Channels of this copy of the module alone. Node keeps channels by name for the whole process, and
 * a test runner that loads lib/ once per test file in one process (Jest's workers) would let work an
 * earlier file left running (a 429 still being waited out) count in a later file's metrics: a test
 * expecting one RateLimitWaits saw four under load. In Lambda there is one copy per process.
 */
const COPY = randomUUID();

export const attemptEnded = channel(`genesys-outbound-call.genesys.attempt-ended.${COPY}`);
export const attemptRetried = channel(`genesys-outbound-call.genesys.attempt-retried.${COPY}`);

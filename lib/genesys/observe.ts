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

export const attemptEnded = channel('genesys-outbound-call.genesys.attempt-ended');
export const attemptRetried = channel('genesys-outbound-call.genesys.attempt-retried');

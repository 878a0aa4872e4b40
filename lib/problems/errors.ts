import type { ProblemCode } from './problem-types';

/** What a problem+json body says about a Genesys answer: enough to find it in Genesys's logs. */
export interface GenesysReference {
  readonly status?: number;
  readonly code?: string;
  readonly correlationId?: string;
}

export interface ProblemDetails {
  readonly detail: string;
  /** The request field at fault, as the caller named it (`to`, `callerId`, `attributes.k`, …). */
  readonly field?: string;
  /** Every field at fault when more than one is. */
  readonly errors?: ReadonlyArray<{ field: string; detail: string }>;
  /** Overrides the code's usual status where the mapping depends on who chose the input. */
  readonly status?: number;
  readonly genesys?: GenesysReference;
  readonly retryAfterSeconds?: number;
  /** Extra members of the problem body (RFC 9457 extension members), e.g. the rule that refused a number. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * An outcome that is reported to the caller as `application/problem+json`. Everything the service
 * means to say to a caller is a `ProblemError`; anything else that escapes is a bug and becomes a
 * bare `500 internal_error`, so an unexpected error can never leak its message or an upstream body.
 */
export class ProblemError extends Error {
  override readonly name: string = 'ProblemError';
  readonly code: ProblemCode;
  readonly details: ProblemDetails;

  constructor(code: ProblemCode, details: ProblemDetails) {
    super(details.detail, { cause: details.cause });
    this.code = code;
    this.details = details;
  }
}

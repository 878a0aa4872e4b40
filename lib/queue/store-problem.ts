import { ProblemError } from '../problems/errors';

/**
 * A failure of an AWS dependency (the batches table, the dial queue) as the caller is told it: the
 * `503` of that dependency, saying what it answered, instead of a bare `500 internal_error`. Only
 * what the AWS SDK (or the bound on its wait, lib/aws/store-deadline.ts) throws is one; anything
 * else is left as it is.
 */
export function dependencyProblem(error: unknown, code: 'batches_unavailable' | 'queue_unavailable', consequence: string): unknown {
  if (!isAwsFailure(error)) return error;
  const what = code === 'batches_unavailable' ? 'The batches table (DynamoDB)' : 'The dial queue (SQS)';
  return new ProblemError(code, { detail: `${what} did not answer (${awsCode(error)}). ${consequence}`, cause: error });
}

/** `storeProblem` for the batch routes: a failed read or write of the batches table. */
export function storeProblem(error: unknown): unknown {
  return dependencyProblem(error, 'batches_unavailable', 'Try again shortly.');
}

/** An error from an AWS SDK client: a service's answer (`$metadata`), a broken connection, or its bound. */
export function isAwsFailure(error: unknown): error is Error {
  if (!(error instanceof Error) || error instanceof ProblemError) return false;
  return '$metadata' in error || error.name === 'StoreTimeoutError' || NETWORK_CODES.has(String((error as { code?: unknown }).code));
}

/** The code an AWS failure is named by in a problem's detail: the service's, or the connection's. */
export function awsCode(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : error.name;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

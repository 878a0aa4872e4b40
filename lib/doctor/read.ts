import { GenesysError, GenesysNetworkError, GenesysTimeoutError } from '../genesys/errors';
import { getJson } from '../genesys/get-json';
import type { DoctorInput, DoctorState } from './check';

/** `unreachable`: no answer at all (a timeout, a connection refused or broken), rather than an error answer. */
export type Read = { ok: true; body: Record<string, unknown> } | { ok: false; status?: number; code?: string; unreachable?: true; reason: string };

/** One Genesys GET with the doctor's token and deadline; an error is an answer to classify, not a throw. */
export async function read(input: DoctorInput, state: DoctorState, path: string): Promise<Read> {
  try {
    return { ok: true, body: await getJson(state.genesys!, path, input.deadline) };
  } catch (error) {
    if (error instanceof GenesysError) {
      return { ok: false, status: error.status, code: error.code, reason: `GET ${path.split('?')[0]} answered ${error.status}${error.code ? ` ${error.code}` : ''}` };
    }
    if (error instanceof GenesysTimeoutError) return { ok: false, unreachable: true, reason: `GET ${path.split('?')[0]} got no answer within ${error.timeoutMs} ms` };
    if (error instanceof GenesysNetworkError) return { ok: false, unreachable: true, reason: `GET ${path.split('?')[0]} could not reach the host` };
    return { ok: false, reason: `GET ${path.split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A string field of a Genesys object, or undefined. */
export function text(value: unknown, ...path: string[]): string | undefined {
  let current: unknown = value;
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** What to run again with when a read failed for a reason the doctor cannot name. */
export const RETRY_FIX = 'Run the doctor again; if it persists, look the correlation id up with Genesys support.';

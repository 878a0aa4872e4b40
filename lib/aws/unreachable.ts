/**
 * Node's error codes for a connection that was never made (nothing was sent): the endpoint is not
 * listening, its name does not resolve, or no route leads to it. Phrased for a person.
 */
const UNREACHABLE = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
} as const;

type UnreachableCode = keyof typeof UNREACHABLE;

/** Node's message for these errors: `<syscall> <code> <address[:port] or host>`. */
const SYSTEM_MESSAGE = new RegExp(`\\b(${Object.keys(UNREACHABLE).join('|')})(?: (\\S+))?`);

interface SystemError {
  readonly code?: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
  readonly message?: string;
  readonly cause?: unknown;
}

/**
 * `connection refused at 127.0.0.1:9100` when the error, or one of its causes, is a connection that
 * was never made; otherwise undefined.
 */
export function describeUnreachable(error: unknown): string | undefined {
  // Not `instanceof Error`: Node's own errors may come from another realm (a test runner's VM).
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    const { code, address, port, hostname, message, cause } = current as SystemError;
    if (code !== undefined && Object.hasOwn(UNREACHABLE, code)) {
      const host = address === undefined ? hostname : port === undefined ? address : `${address}:${port}`;
      return phrase(code as UnreachableCode, host);
    }
    // The AWS SDK's retry middleware wraps an error from another realm in one that keeps only the
    // original's message: read the code and address from it.
    const parsed = typeof message === 'string' ? SYSTEM_MESSAGE.exec(message) : null;
    if (parsed) return phrase(parsed[1] as UnreachableCode, parsed[2]);
    current = cause;
  }
  return undefined;
}

function phrase(code: UnreachableCode, where: string | undefined): string {
  return where === undefined ? UNREACHABLE[code] : `${UNREACHABLE[code]} at ${where}`;
}

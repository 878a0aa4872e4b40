/**
 * When `npm run emulator` or `npm start` cannot listen: is the port held by an emulator that is
 * already running (nothing is wrong, it can be used as it is) or by some other program?
 */

/** `listen` failed because another process holds the port. */
export function isPortTaken(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/** Whether this project's emulator answers on host:port: its control endpoint answers JSON. */
export async function emulatorAnswers(host: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}:${port}/__emulator/records`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok && (response.headers.get('content-type') ?? '').startsWith('application/json');
  } catch {
    return false;
  }
}

import ky, { isHTTPError, isTimeoutError } from 'ky';

/** lib/genesys/http.ts's imports and instance, and one GET to the emulator (ky sits on fetch: its first use includes fetch's). */
export const imported = [isHTTPError, isTimeoutError];
const http = ky.create({ retry: 0, headers: { accept: 'application/json' } });

export function firstUse(url: string): Promise<string> {
  return http.get(`${url}/bench/first-use`, { throwHttpErrors: false }).text();
}

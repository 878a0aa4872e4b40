import { authenticate } from './api-auth';
import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import type { EmulatorState } from './state';
import type { IssuedToken } from './tokens';

export type Authorized = { ok: true; token: IssuedToken } | { ok: false; reply: Reply };

/**
 * The bearer check, then, for a client-credentials token, whether the client's roles grant
 * `permission` (doctor-outcomes.md §A4 names each GET's permission). A client without it answers
 * 403 `missing.any.permissions` (facts §3 catalog), naming the permission.
 * Emulator choice (unverified): user tokens are granted everything; the messageParams key.
 */
export function authorize(exchange: Exchange, state: EmulatorState, permission?: string): Authorized {
  const auth = authenticate(exchange, state.tokens);
  if (!auth.ok || permission === undefined || auth.token.kind !== 'client') return auth;
  if (clientPermissions(state, auth.token.clientId ?? '').some((granted) => grants(granted, permission))) return auth;
  return {
    ok: false,
    reply: genesysError(exchange, 'missing.any.permissions', { fill: [permission], messageParams: { permissions: permission } }),
  };
}

export function clientPermissions(state: EmulatorState, clientId: string): string[] {
  const roleIds = state.clients.get(clientId)?.roleIds ?? [];
  return roleIds.flatMap((roleId) => state.roles.get(roleId)?.permissions ?? []);
}

/** `domain:entity:action`, where `*` in a granted part matches any value (admin roles use it). */
export function grants(granted: string, wanted: string): boolean {
  const have = granted.split(':');
  const want = wanted.split(':');
  return have.length === 3 && want.length === 3 && have.every((part, i) => part === '*' || part === want[i]);
}

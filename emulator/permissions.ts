import { authenticate } from './api-auth';
import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import type { EmulatorState } from './state';
import type { IssuedToken } from './tokens';

export type Authorized = { ok: true; token: IssuedToken } | { ok: false; reply: Reply };

/**
 * The bearer check, then whether the token's principal holds `permission` (doctor-outcomes.md §A4
 * names each GET's permission). Used by the doctor's reads; the create-call endpoints run their own
 * checks between the two (calls.ts) and call `refusal` themselves.
 */
export function authorize(exchange: Exchange, state: EmulatorState, permission?: string): Authorized {
  const auth = authenticate(exchange, state);
  if (!auth.ok || permission === undefined) return auth;
  const refused = refusal(exchange, state, auth.token, [permission]);
  return refused === undefined ? auth : { ok: false, reply: refused };
}

/**
 * 403 `missing.any.permissions` (facts §3 catalog: "…You must have at least one of the following
 * permissions assigned: %s") unless the token's principal holds at least one of `anyOf`; else
 * undefined. The principal is the OAuth client for a client-credentials token and the user for a
 * user token. For a call on behalf of another user, which principal Genesys checks is UNKNOWN
 * (doctor-outcomes.md, open item 1): checking the OAuth client's roles, as for the doctor's reads,
 * is INFERRED/UNVERIFIED.
 * Emulator choice (unverified): several permissions are joined with ", " in the message and in
 * `messageParams.permissions` (the key is ours too); the spec does not show a filled template.
 */
export function refusal(exchange: Exchange, state: EmulatorState, token: IssuedToken, anyOf: readonly string[]): Reply | undefined {
  const held = principalPermissions(state, token);
  if (held === 'all' || anyOf.some((wanted) => held.some((granted) => grants(granted, wanted)))) return undefined;
  const listed = anyOf.join(', ');
  return genesysError(exchange, 'missing.any.permissions', { fill: [listed], messageParams: { permissions: listed } });
}

/**
 * The permissions of the client's roles, or of the user's. Emulator choice (unverified): a user
 * seeded without `roleIds` holds every permission, so user tokens of seeds without user roles may
 * do anything, as they always could here.
 */
function principalPermissions(state: EmulatorState, token: IssuedToken): readonly string[] | 'all' {
  if (token.kind === 'client') return rolePermissions(state, state.clients.get(token.clientId ?? '')?.roleIds ?? []);
  const roleIds = state.users.get(token.userId ?? '')?.roleIds;
  return roleIds === undefined ? 'all' : rolePermissions(state, roleIds);
}

function rolePermissions(state: EmulatorState, roleIds: readonly string[]): string[] {
  return roleIds.flatMap((roleId) => state.roles.get(roleId)?.permissions ?? []);
}

/** `domain:entity:action`, where `*` in a granted part matches any value (admin roles use it; INFERRED, doctor-outcomes.md §A4). */
export function grants(granted: string, wanted: string): boolean {
  const have = granted.split(':');
  const want = wanted.split(':');
  return have.length === 3 && want.length === 3 && have.every((part, i) => part === '*' || part === want[i]);
}

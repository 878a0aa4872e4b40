import type { Check } from '../check';
import { fail, pass, unknown } from '../check';
import { read, RETRY_FIX, text } from '../read';

/** Either lets `POST /api/v2/conversations/calls/user/{userId}` place a call (doctor-outcomes.md §A4). */
export const CALL_PERMISSIONS = ['conversation:call:add', 'conversation:agentlessCall:add'] as const;

/**
 * What `GET /calls/{id}`'s lookups need: `GET /api/v2/conversations/{id}` requires it (SOURCED,
 * doctor-outcomes.md §B1: the disconnect reasons, busy or no answer, are read there). Whether
 * `GET /api/v2/conversations/calls/{id}` (the call's state) checks it too is not known: the SDK
 * lists no permission for it.
 */
export const LOOKUP_PERMISSION = 'conversation:communication:view';

/**
 * 7. The client's roles grant a call permission, and the lookups' permission: oauth/clients/{id} →
 * roleDivisions → authorization/roles/{id}. A minimal client may not read its own client or roles: a
 * 403 there is "cannot verify", naming the permission that would let the doctor look, never "missing".
 */
export const permissionsCheck: Check = {
  id: 'permissions',
  title: 'Permissions',
  needs: ['login'],
  async run(input, state) {
    const clientId = state.client!.clientId;
    const client = await read(input, state, `/api/v2/oauth/clients/${encodeURIComponent(clientId)}`);
    if (!client.ok && client.status === 403) {
      return unknown("cannot read the OAuth client's roles (403)", "Give the client's role oauth:client:view so the doctor can check its roles.");
    }
    if (!client.ok) return unknown(client.reason, RETRY_FIX);
    const roleIds = [
      ...new Set(
        (Array.isArray(client.body.roleDivisions) ? (client.body.roleDivisions as unknown[]) : [])
          .map((grant) => text(grant, 'roleId'))
          .filter((id): id is string => id !== undefined),
      ),
    ];
    if (roleIds.length === 0) {
      return fail('the OAuth client has no roles', `Give the client a role with ${CALL_PERMISSIONS[0]} (Admin > Integrations > OAuth > Roles).`);
    }
    const granted: string[] = [];
    const names: string[] = [];
    for (const roleId of roleIds) {
      const role = await read(input, state, `/api/v2/authorization/roles/${encodeURIComponent(roleId)}?userCount=false`);
      if (!role.ok && role.status === 403) {
        return unknown(`cannot read role ${roleId} of the OAuth client (403)`, "Give the client's role authorization:role:view so the doctor can check the permissions.");
      }
      if (!role.ok) return unknown(role.reason, RETRY_FIX);
      names.push(text(role.body, 'name') ?? roleId);
      granted.push(...permissionsOf(role.body));
    }
    const match = CALL_PERMISSIONS.find((wanted) => granted.some((permission) => grants(permission, wanted)));
    const details = { roles: names.join(', ') };
    if (match === undefined) {
      return fail(
        `the client's roles (${names.join(', ')}) grant neither ${CALL_PERMISSIONS.join(' nor ')}: calls would answer 403 missing.any.permissions`,
        `Add ${CALL_PERMISSIONS[0]} (Conversation > Call > Add) to one of the client's roles.`,
        { details },
      );
    }
    if (!granted.some((permission) => grants(permission, LOOKUP_PERMISSION))) {
      return fail(
        `the client's roles (${names.join(', ')}) grant ${match} but not ${LOOKUP_PERMISSION}: GET /calls/{id} cannot read from Genesys why an unanswered call ended (busy, no answer), and may be refused its lookups altogether`,
        `Add ${LOOKUP_PERMISSION} (Conversation > Communication > View) to one of the client's roles.`,
        { details },
      );
    }
    return pass(`${match} and ${LOOKUP_PERMISSION} granted by ${names.join(', ')}`, { details });
  },
};

/** A role's `permissions` strings and its `permissionPolicies` spelt out as `domain:entity:action`. */
function permissionsOf(role: Record<string, unknown>): string[] {
  const strings = Array.isArray(role.permissions) ? role.permissions.filter((value): value is string => typeof value === 'string') : [];
  const policies = Array.isArray(role.permissionPolicies) ? (role.permissionPolicies as Array<Record<string, unknown>>) : [];
  const spelt = policies.flatMap((policy) =>
    (Array.isArray(policy.actionSet) ? policy.actionSet : []).map((action) => `${String(policy.domain)}:${String(policy.entityName)}:${String(action)}`),
  );
  return [...strings, ...spelt];
}

/** `*` in any part of a granted permission matches anything there (admin roles use it; INFERRED). */
export function grants(granted: string, wanted: string): boolean {
  const have = granted.split(':');
  const want = wanted.split(':');
  return have.length === want.length && have.every((part, i) => part === '*' || part === want[i]);
}

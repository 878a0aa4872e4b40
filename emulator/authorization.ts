import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import { authorize } from './permissions';
import { HOME_DIVISION } from './routing';
import type { EmulatorState } from './state';

/**
 * GET /api/v2/oauth/clients/{clientId} → OAuthClient (doctor-outcomes.md §A4: needs oauth:client:view).
 * Emulator choice (unverified): every role in the home division; `authorizedGrantType`
 * `CLIENT-CREDENTIALS` (the spelling [TF] uses); a client of another region is not found (`not.found`).
 */
export function getOAuthClient(exchange: Exchange, state: EmulatorState, clientId: string): Reply {
  const auth = authorize(exchange, state, 'oauth:client:view');
  if (!auth.ok) return auth.reply;
  const client = state.clients.get(clientId);
  if (client === undefined || state.regionOf(client) !== state.region) return genesysError(exchange, 'not.found');
  const grant = (client.grants ?? ['client_credentials']).includes('client_credentials') ? 'CLIENT-CREDENTIALS' : 'CODE';
  return {
    status: 200,
    body: {
      id: client.clientId,
      name: client.name ?? client.clientId,
      accessTokenValiditySeconds: 86400,
      authorizedGrantType: grant,
      roleDivisions: (client.roleIds ?? []).map((roleId) => ({ roleId, divisionId: HOME_DIVISION.id })),
      state: 'active',
      selfUri: `/api/v2/oauth/clients/${client.clientId}`,
    },
  };
}

/**
 * GET /api/v2/authorization/roles/{roleId}?userCount= → DomainOrganizationRole (§A4: needs
 * authorization:role:view). Emulator choice (unverified): `permissions` lists the same
 * `domain:entity:action` strings that `permissionPolicies` spell out, one policy per domain and
 * entity; `userCount` is 0 unless `userCount=false` leaves it out; an unknown role is `not.found`.
 */
export function getRole(exchange: Exchange, state: EmulatorState, roleId: string): Reply {
  const auth = authorize(exchange, state, 'authorization:role:view');
  if (!auth.ok) return auth.reply;
  const role = state.roles.get(roleId);
  if (role === undefined) return genesysError(exchange, 'not.found');
  const policies = new Map<string, { domain: string; entityName: string; actionSet: string[] }>();
  for (const permission of role.permissions) {
    const [domain, entityName, action] = permission.split(':');
    const key = `${domain}:${entityName}`;
    const policy = policies.get(key) ?? { domain, entityName, actionSet: [] };
    policy.actionSet.push(action);
    policies.set(key, policy);
  }
  return {
    status: 200,
    body: {
      id: role.id,
      name: role.name,
      permissions: [...role.permissions],
      permissionPolicies: [...policies.values()],
      ...(exchange.query.get('userCount') === 'false' ? {} : { userCount: 0 }),
      selfUri: `/api/v2/authorization/roles/${role.id}`,
    },
  };
}

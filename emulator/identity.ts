import { authenticate } from './api-auth';
import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import type { EmulatorState } from './state';
import { userBody } from './users';

/**
 * GET /api/v2/tokens/me → TokenInfo (doctor-outcomes.md §A1, SOURCED shape). Emulator choice
 * (unverified), after the real sample [BLOG ORG]: `OAuthClient` carries id, name and organization
 * only (no `authorizedGrantType`, which the sample lacks); a user token's answer has no `OAuthClient`.
 */
export function tokensMe(exchange: Exchange, state: EmulatorState): Reply {
  const auth = authenticate(exchange, state);
  if (!auth.ok) return auth.reply;
  const organization = { id: state.organization.id, name: state.organization.name };
  const body: Record<string, unknown> = { organization, homeOrganization: organization };
  const client = auth.token.kind === 'client' ? state.clients.get(auth.token.clientId ?? '') : undefined;
  if (client !== undefined) {
    body.OAuthClient = { id: client.clientId, name: client.name ?? client.clientId, organization: { id: state.organization.id } };
  }
  return { status: 200, body };
}

/**
 * GET /api/v2/users/me: "not valid when using the Client Credentials OAuth grant" [PY], 400
 * `not.a.user` [SPEC18]; a user token gets its user.
 */
export function usersMe(exchange: Exchange, state: EmulatorState): Reply {
  const auth = authenticate(exchange, state);
  if (!auth.ok) return auth.reply;
  if (auth.token.kind !== 'user') return genesysError(exchange, 'not.a.user');
  const user = state.users.get(auth.token.userId ?? '');
  if (user === undefined) return genesysError(exchange, 'bad.credentials');
  return { status: 200, body: userBody(user) };
}

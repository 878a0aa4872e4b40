import type { Check } from '../check';
import { fail, pass, unknown } from '../check';
import { read, RETRY_FIX, text } from '../read';

/**
 * 4. Who the token is (doctor-outcomes.md §A1): tokens/me names the org and the OAuth client (and the
 * grant type when the answer has it, which the real sample does not); users/me answering 400
 * `not.a.user` confirms a client-credentials token, the kind `/calls/user/{id}` is used with.
 */
export const identityCheck: Check = {
  id: 'identity',
  title: 'Token identity',
  needs: ['login'],
  async run(input, state) {
    const me = await read(input, state, '/api/v2/tokens/me');
    // The API host is the first thing read here: one that does not answer, or cannot be reached, is
    // broken for every call (the login host, a different host, may have answered).
    if (!me.ok && me.unreachable) {
      return fail(
        `the Genesys API host ${state.config!.genesys.apiUrl} is not answering: ${me.reason}`,
        'Allow outbound HTTPS to the Genesys API host (a function in a VPC needs a NAT gateway), and check GENESYS_REGION (or GENESYS_API_URL).',
      );
    }
    if (!me.ok) return unknown(me.reason, RETRY_FIX);
    const organization = text(me.body, 'organization', 'name') ?? 'an unnamed org';
    const organizationId = text(me.body, 'organization', 'id');
    state.organization = organization;
    const clientName = text(me.body, 'OAuthClient', 'name');
    const grantType = text(me.body, 'OAuthClient', 'authorizedGrantType');
    const clientState = text(me.body, 'OAuthClient', 'state');
    const details = {
      organization,
      ...(organizationId ? { organizationId } : {}),
      ...(clientName ? { client: clientName } : {}),
      ...(grantType ? { grantType } : {}),
    };
    if (clientState && clientState !== 'active') {
      return fail(`the OAuth client "${clientName ?? state.client!.clientId}" is ${clientState}`, 'Activate the client in Admin > Integrations > OAuth, or use an active one.', { details });
    }
    const user = await read(input, state, '/api/v2/users/me');
    const kind = user.ok
      ? `a user's token (${text(user.body, 'name') ?? 'unnamed'})`
      : user.code === 'not.a.user'
        ? 'client credentials (users/me answers not.a.user)'
        : `kind not confirmed (${user.reason})`;
    return pass(`org "${organization}", client "${clientName ?? state.client!.clientId}", ${kind}`, { details });
  },
};

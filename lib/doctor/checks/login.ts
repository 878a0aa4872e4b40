import { GenesysError, GenesysNetworkError, GenesysTimeoutError } from '../../genesys/errors';
import { createHttp } from '../../genesys/http';
import { requestToken } from '../../genesys/oauth';
import { TokenCache } from '../../genesys/token';
import type { Check, Outcome } from '../check';
import { fail, pass, unknown } from '../check';

/**
 * 3. The client-credentials grant at `login.<region>` (facts.md §4). The two OAuth refusals each
 * have one cause a user can fix (doctor-outcomes.md §A4 symptom table).
 */
export const loginCheck: Check = {
  id: 'login',
  title: 'Login',
  needs: ['secret'],
  async run(input, state) {
    const config = state.config!;
    const client = state.client!;
    const http = createHttp();
    const tokens = new TokenCache((deadline) => requestToken(http, config.genesys, client, deadline));
    try {
      await tokens.get(input.deadline);
    } catch (error) {
      return refusal(error, state.regionLabel!, config.genesys.loginUrl);
    }
    state.genesys = { http, tokens, apiUrl: config.genesys.apiUrl, timeoutMs: config.genesys.timeoutMs };
    return pass(`client ${client.clientId} got a token from ${config.genesys.loginUrl}`);
  },
};

function refusal(error: unknown, region: string, loginUrl: string): Outcome {
  if (error instanceof GenesysError && error.code === 'invalid_client') {
    return fail(
      `no such client in ${region}: an OAuth client belongs to one region; is your org in another?`,
      'Set genesysRegion to the region of your org (the domain you log in at), or store the right client id and secret in the secret.',
    );
  }
  if (error instanceof GenesysError && error.code === 'unauthorized_client') {
    return fail(
      'the OAuth client may not use the client-credentials grant',
      'In Admin > Integrations > OAuth, use (or create) a client whose Grant Type is Client Credentials.',
    );
  }
  if (error instanceof GenesysNetworkError || error instanceof GenesysTimeoutError) {
    return fail(
      `${loginUrl} could not be reached (${error.message})`,
      'Allow outbound HTTPS to the Genesys login and API hosts (a function in a VPC needs a NAT gateway); locally, run npm start or npm run emulator.',
    );
  }
  const status = error instanceof GenesysError ? `${error.status}${error.code ? ` ${error.code}` : ''}` : String(error);
  return unknown(`the login host answered ${status}`, 'Genesys may be unavailable: run the doctor again in a minute.');
}

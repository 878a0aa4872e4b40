import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { attemptTimeout, settleBy } from '../../aws/deadline';
import { describeUnreachable } from '../../aws/unreachable';
import { CredentialsError } from '../../genesys/errors';
import { parseSecret } from '../../genesys/credentials';
import type { Check } from '../check';
import { fail, pass, unknown } from '../check';

/**
 * A Secrets Manager that does not answer, or cannot be reached, fails the check: every call needs the
 * secret, and a function without a route to Secrets Manager (a VPC without an endpoint or NAT
 * gateway) is broken, not unverified.
 */
const NO_ROUTE_FIX =
  'Give the function a network path to Secrets Manager (in a VPC: an interface VPC endpoint for secretsmanager, or a NAT gateway); from a laptop, check the network; locally, run npm start or npm run emulator.';

/** Why Secrets Manager refused, as the fix a user needs (names from the AWS API reference). */
const REFUSALS: Record<string, (secretId: string, region: string) => [summary: string, fix: string]> = {
  ResourceNotFoundException: (secretId, region) => [
    `no secret "${secretId}" in ${region}`,
    `Create it in ${region}, the region the stack is deployed to (aws secretsmanager create-secret --region ${region} --name ${secretId} …), or set genesysSecretName to its name.`,
  ],
  AccessDeniedException: (secretId, region) => [
    `not allowed to read secret "${secretId}" in ${region}`,
    'Allow secretsmanager:GetSecretValue on it (the stack grants it to its functions; from a laptop, to your AWS identity), and kms:Decrypt if it uses its own KMS key.',
  ],
  DecryptionFailure: (secretId, region) => [
    `secret "${secretId}" in ${region} cannot be decrypted`,
    "Allow kms:Decrypt on the secret's KMS key.",
  ],
};

class SecretReadTimedOut extends Error {
  override readonly name = 'SecretReadTimedOut';
}

/** 2. The OAuth client's secret is readable where the function looks, and is `{"clientId","clientSecret"}`. */
export const secretCheck: Check = {
  id: 'secret',
  title: 'Secret',
  needs: ['configuration'],
  async run(input, state) {
    const secretId = state.config!.genesys.credentialsSecretId;
    const region = await input.secretsManager.config.region().catch(() => 'an unknown region');
    let secretString: string | undefined;
    // Bounded as the functions' read is: GENESYS_TIMEOUT_MS, or less when the run's time ends sooner.
    const timeoutMs = attemptTimeout(state.config!.genesys.timeoutMs, input.deadline);
    const abort = new AbortController();
    try {
      const sent = input.secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: abort.signal });
      const output = await settleBy(sent, Date.now() + timeoutMs, () => new SecretReadTimedOut());
      secretString = output.SecretString;
    } catch (error) {
      abort.abort();
      if (error instanceof SecretReadTimedOut) return fail(`Secrets Manager in ${region} did not answer within ${timeoutMs} ms`, NO_ROUTE_FIX);
      const unreachable = describeUnreachable(error);
      if (unreachable) return fail(`Secrets Manager in ${region} could not be reached (${unreachable})`, NO_ROUTE_FIX);
      const name = error instanceof Error ? error.name : 'Error';
      const refusal = REFUSALS[name];
      if (refusal) {
        const [summary, fix] = refusal(secretId, region);
        return fail(summary, fix);
      }
      return unknown(
        `could not ask Secrets Manager in ${region} for "${secretId}": ${name}`,
        'Check AWS credentials and network access to Secrets Manager, then run the doctor again.',
      );
    }
    try {
      state.client = parseSecret(secretId, secretString);
    } catch (error) {
      if (!(error instanceof CredentialsError)) throw error;
      return fail(`secret "${secretId}" in ${region}: ${error.reason}`, `Store the OAuth client as {"clientId": "…", "clientSecret": "…"} in "${secretId}".`);
    }
    return pass(`"${secretId}" in ${region} holds an OAuth client`, { details: { region, secretId, clientId: state.client.clientId } });
  },
};

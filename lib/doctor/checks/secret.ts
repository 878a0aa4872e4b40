import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CredentialsError } from '../../genesys/errors';
import { parseSecret } from '../../genesys/credentials';
import type { Check } from '../check';
import { fail, pass, unknown } from '../check';
import { timeLeft } from '../deadline';

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

/** 2. The OAuth client's secret is readable where the function looks, and is `{"clientId","clientSecret"}`. */
export const secretCheck: Check = {
  id: 'secret',
  title: 'Secret',
  needs: ['configuration'],
  async run(input, state) {
    const secretId = state.config!.genesys.credentialsSecretId;
    const region = await input.secretsManager.config.region().catch(() => 'an unknown region');
    let secretString: string | undefined;
    try {
      const output = await input.secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }), {
        abortSignal: AbortSignal.timeout(timeLeft(input.deadline)),
      });
      secretString = output.SecretString;
    } catch (error) {
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

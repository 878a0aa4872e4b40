/**
 * Whether this machine has AWS credentials for the doctor, asked of the AWS SDK's own default chain
 * (environment, AWS_PROFILE and its SSO or role, the shared files, container and instance roles),
 * the chain the doctor's clients use. Without any, every read of a deployed stage fails with the
 * SDK's `CredentialsProviderError`; a first-timer gets the cause and its fix first, instead of a
 * configuration failure with the cause in a parenthesis.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';

/** The lines saying that no credentials were found and how to get some; undefined when there are some. */
export async function missingCredentialsMessage(region: string, profile: string | undefined): Promise<string | undefined> {
  const client = new LambdaClient({ region });
  try {
    await client.config.credentials();
    return undefined;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'CredentialsProviderError') throw error;
    const where = profile ? `AWS_PROFILE is "${profile}", but the SDK could not get credentials for it` : 'no AWS credentials were found';
    return [
      `No AWS credentials: ${where} (${error.message}). The doctor reads the stage's settings and secret with your AWS identity.`,
      profile
        ? `Fix: aws sso login --profile ${profile} (IAM Identity Center), or check that profile in ~/.aws/config; or run with --stage local to check the emulator instead.`
        : 'Fix: AWS_PROFILE=<profile> npm run doctor -- … (after aws sso login --profile <profile> for IAM Identity Center), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or run with --stage local to check the emulator instead.',
    ].join('\n');
  } finally {
    client.destroy();
  }
}

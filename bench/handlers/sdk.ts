import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import platformClient from 'purecloud-platform-client-v2';

/**
 * The same job as `createCall`, written the way a user of Genesys's official JavaScript SDK would:
 * read the OAuth client from Secrets Manager, log in with client credentials once per container, and
 * place the call on behalf of a user with `ConversationsApi.postConversationsCallsUserUserId`.
 * Benchmark-only: it takes `to` as E.164 and does none of createCall's validation.
 */

const env = {
  apiUrl: new URL(process.env.GENESYS_API_URL ?? ''),
  secretId: process.env.GENESYS_CREDENTIALS_SECRET_ID ?? '',
  userId: process.env.GENESYS_CALL_USER_ID ?? '',
};

const secrets = new SecretsManagerClient({});
const client = platformClient.ApiClient.instance;
// A Lambda has no ~/.genesyscloudjavascript/config to watch.
client.config.live_reload_config = false;
// setEnvironment can only build https://api.<env>: the gateway setting is how the SDK reaches the emulator.
client.setGateway({
  host: env.apiUrl.hostname,
  protocol: env.apiUrl.protocol.replace(':', ''),
  port: Number(env.apiUrl.port),
});
const conversations = new platformClient.ConversationsApi();

let loggedIn: Promise<unknown> | undefined;

async function logIn(): Promise<unknown> {
  const output = await secrets.send(new GetSecretValueCommand({ SecretId: env.secretId }));
  const { clientId, clientSecret } = JSON.parse(output.SecretString ?? '{}') as { clientId: string; clientSecret: string };
  return client.loginClientCredentialsGrant(clientId, clientSecret);
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResult> {
  const { to } = JSON.parse(event.body ?? '{}') as { to: string };
  loggedIn ??= logIn().catch((error: unknown) => {
    loggedIn = undefined;
    throw error;
  });
  await loggedIn;
  const call = await conversations.postConversationsCallsUserUserId(env.userId, { phoneNumber: to });
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: call.id, selfUri: call.selfUri }),
  };
}

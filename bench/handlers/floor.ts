import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';

/**
 * The floor: the same three HTTP exchanges as `createCall` (GetSecretValue, the client-credentials
 * token, the call on behalf of a user) with the Secrets Manager client and plain `fetch`, no
 * framework, no validation, no logging. Nothing that does this job can start much faster.
 */

const env = {
  apiUrl: process.env.GENESYS_API_URL ?? '',
  loginUrl: process.env.GENESYS_LOGIN_URL ?? '',
  secretId: process.env.GENESYS_CREDENTIALS_SECRET_ID ?? '',
  userId: process.env.GENESYS_CALL_USER_ID ?? '',
};

const secrets = new SecretsManagerClient({});
let token: Promise<string> | undefined;

async function requestToken(): Promise<string> {
  const output = await secrets.send(new GetSecretValueCommand({ SecretId: env.secretId }));
  const { clientId, clientSecret } = JSON.parse(output.SecretString ?? '{}') as { clientId: string; clientSecret: string };
  const response = await fetch(`${env.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  if (!response.ok) throw new Error(`token: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResult> {
  const { to } = JSON.parse(event.body ?? '{}') as { to: string };
  token ??= requestToken().catch((error: unknown) => {
    token = undefined;
    throw error;
  });
  const response = await fetch(`${env.apiUrl}/api/v2/conversations/calls/user/${env.userId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phoneNumber: to }),
  });
  if (!response.ok) return { statusCode: 502, body: JSON.stringify({ status: response.status }) };
  const call = (await response.json()) as { id: string; selfUri: string };
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: call.id, selfUri: call.selfUri }),
  };
}

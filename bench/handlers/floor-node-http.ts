import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * A reference below the floor: floor.ts with node:http(s) instead of fetch, the HTTP client the AWS
 * SDK already loads. It shows what fetch (and ky on it) costs, at the first request and at every one.
 */

const env = {
  apiUrl: process.env.GENESYS_API_URL ?? '',
  loginUrl: process.env.GENESYS_LOGIN_URL ?? '',
  secretId: process.env.GENESYS_CREDENTIALS_SECRET_ID ?? '',
  userId: process.env.GENESYS_CALL_USER_ID ?? '',
};

const secrets = new SecretsManagerClient({});
let token: Promise<string> | undefined;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One POST; Node's global agents keep the connection alive between invocations (Node ≥ 19). */
function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function requestToken(): Promise<string> {
  const output = await secrets.send(new GetSecretValueCommand({ SecretId: env.secretId }));
  const { clientId, clientSecret } = JSON.parse(output.SecretString ?? '{}') as { clientId: string; clientSecret: string };
  const answer = await post(
    `${env.loginUrl}/oauth/token`,
    {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    'grant_type=client_credentials',
  );
  if (answer.status !== 200) throw new Error(`token: ${answer.status}`);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResult> {
  const { to } = JSON.parse(event.body ?? '{}') as { to: string };
  token ??= requestToken().catch((error: unknown) => {
    token = undefined;
    throw error;
  });
  const answer = await post(
    `${env.apiUrl}/api/v2/conversations/calls/user/${env.userId}`,
    { authorization: `Bearer ${await token}`, 'content-type': 'application/json' },
    JSON.stringify({ phoneNumber: to }),
  );
  if (answer.status !== 200) return { statusCode: 502, body: JSON.stringify({ status: answer.status }) };
  const call = JSON.parse(answer.body) as { id: string; selfUri: string };
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: call.id, selfUri: call.selfUri }),
  };
}

import type { APIGatewayProxyResult } from 'aws-lambda';

/** Bare Node: the child harness with a handler that imports and does nothing, the baseline of "added time". */
export async function handler(): Promise<APIGatewayProxyResult> {
  return { statusCode: 200, body: '' };
}

import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { handler as placeCall } from './floor';

/**
 * The floor with the call record: floor.ts, then the one write createCall makes with CALLS_TABLE set
 * before it answers, a conditional PutItem of a new item with the official DynamoDB client (to the
 * same local DynamoDB). No marshalling library, no bound on the write, no logging: the least any
 * handler that records its calls can do.
 */

const dynamodb = new DynamoDBClient({});
const table = process.env.CALLS_TABLE ?? '';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResult> {
  const answer = await placeCall(event);
  if (answer.statusCode !== 201) return answer;
  const { conversationId } = JSON.parse(answer.body) as { conversationId: string };
  const placedAt = Date.now();
  // The same attributes as createCall's record (lib/outcomes/record-placed-call.ts), the number masked.
  await dynamodb.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        conversationId: { S: conversationId },
        placedAt: { N: String(placedAt) },
        to: { S: '+*******0100' },
        toCountry: { S: 'US' },
        expiration: { N: String(Math.floor(placedAt / 1000) + 90 * 86_400) },
        version: { N: '1' },
      },
      ConditionExpression: 'attribute_not_exists(conversationId)',
    }),
  );
  return answer;
}

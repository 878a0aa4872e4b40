import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { STORE_CLIENT_CONFIG } from '../../lib/aws/store-deadline';

/**
 * The call record's part of createCall with CALLS_TABLE (lib/outcomes/call-store.ts): the plain
 * DynamoDB client, set up alike, and one conditional PutItem of a new record to the local DynamoDB
 * (dynalite, in the bench process).
 */
const client = new DynamoDBClient(STORE_CLIENT_CONFIG);
let written = 0;

export function firstUse(): Promise<unknown> {
  written += 1;
  return client.send(
    new PutItemCommand({
      TableName: process.env.CALLS_TABLE,
      Item: { conversationId: { S: `bench-${process.pid}-${written}` }, placedAt: { N: String(Date.now()) }, version: { N: '1' } },
      ConditionExpression: 'attribute_not_exists(conversationId)',
    }),
  );
}

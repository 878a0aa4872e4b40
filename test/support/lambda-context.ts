import type { Context } from 'aws-lambda';

/**
 * The one part no local implementation exists for: the Lambda context object. It carries what the
 * handler reads from it (request id, remaining time), as the Lambda runtime's does.
 */
export function lambdaContext(remainingMs = 28_000, functionName = 'genesys-outbound-call-test-createCall'): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/28/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

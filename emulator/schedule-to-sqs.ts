import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduleTarget } from './scheduler';

// arn:<partition>:sqs:<region>:<account>:<queue name>
const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:([A-Za-z0-9_.-]+)$/;

/**
 * A Scheduler target that does what a templated SQS target does (scale-facts §3): `SendMessage` to
 * the queue the target's ARN names, with `Input` as the body (and `SqsParameters.MessageGroupId`
 * for a FIFO queue), through the real `@aws-sdk/client-sqs` against the local SQS (local-sqs.ts).
 * A refusal throws, so that the Scheduler retries and at last dead-letters it.
 */
export function sqsScheduleTarget(client: SQSClient): ScheduleTarget {
  const urls = new Map<string, Promise<string>>();
  const urlOf = (arn: string): Promise<string> => {
    const name = SQS_ARN.exec(arn)?.[1];
    if (name === undefined) return Promise.reject(new Error(`${arn} is not an SQS queue ARN: the emulator delivers schedules only to SQS.`));
    let url = urls.get(arn);
    if (!url) {
      url = client.send(new GetQueueUrlCommand({ QueueName: name })).then(({ QueueUrl }) => QueueUrl!);
      // A queue that does not exist yet may exist at the next delivery.
      url.catch(() => urls.delete(arn));
      urls.set(arn, url);
    }
    return url;
  };
  return async ({ arn, input, messageGroupId }) => {
    await client.send(new SendMessageCommand({ QueueUrl: await urlOf(arn), MessageBody: input, ...(messageGroupId ? { MessageGroupId: messageGroupId } : {}) }));
  };
}

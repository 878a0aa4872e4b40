import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';

/** The local stage's dial queue and its dead-letter queue (serverless.yml, custom.environment.local). */
export const DIAL_QUEUE = 'genesys-outbound-call-local-dial';
export const DIAL_DEAD_LETTER_QUEUE = 'genesys-outbound-call-local-dial-dlq';

/** Fixed, like the emulator's 9100 and the local DynamoDB's 9101, so serverless.yml's local stage can name it. */
export const DEFAULT_SQS_PORT = 9102;

/** The attributes the local queues are made with: serverless.yml's DialQueue, smaller where a test needs it. */
export interface DialQueueSettings {
  /** Seconds a received message stays hidden (serverless.yml: 6 × the dialer's timeout). */
  readonly visibilityTimeoutSeconds: number;
  /** Receives after which SQS moves a message to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

export const LOCAL_DIAL_QUEUE: DialQueueSettings = { visibilityTimeoutSeconds: 180, maxReceiveCount: 5 };

export interface LocalSqs {
  readonly url: string;
  readonly port: number;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  /** A client of it (dummy credentials: it checks none). */
  readonly client: SQSClient;
  stop(): Promise<void>;
}

/**
 * A local SQS speaking the AWS JSON 1.0 protocol of `@aws-sdk/client-sqs` ≥ 3.446: the npm package
 * local-aws-sqs (MIT, no engines field, runs on Node 20; fauxqs needs Node ≥ 22.5 for node:sqlite,
 * sqslite speaks only the Query protocol; docs/batches.md). It holds the dial queue and its
 * dead-letter queue with serverless.yml's redrive policy, and SQS's visibility timeout, receive
 * counts and redrive are its own. One of its behaviours differs from SQS in a way the dialer would
 * see, and is undone here (`receiveCountAsSqs`).
 */
export async function startLocalSqs(port = 0, host = '127.0.0.1', settings: DialQueueSettings = LOCAL_DIAL_QUEUE): Promise<LocalSqs> {
  const { service, requestHandler } = createRequestHandler({ port, hostname: host, emulateQueueCreationLifecycle: false });
  const server = createServer(requestHandler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  // Queue URLs name the port the server really listens on (port 0 picks one).
  service.PORT = actualPort;
  const url = `http://${host}:${actualPort}`;
  // No keep-alive: a request on a socket the server is just closing (Node's 5 s idle timeout) fails and
  // the SDK sends it again; a ReceiveMessage whose first answer was lost so would hide its messages
  // for a whole visibility timeout.
  const client = new SQSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });
  const deadLetter = await client.send(new CreateQueueCommand({ QueueName: DIAL_DEAD_LETTER_QUEUE, Attributes: { MessageRetentionPeriod: '1209600' } }));
  const deadLetterArn = await arnOf(client, deadLetter.QueueUrl!);
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: DIAL_QUEUE,
      Attributes: {
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: settings.maxReceiveCount }),
      },
    }),
  );
  for (const created of service.Queues) receiveCountAsSqs(created as unknown as PatchableQueue);
  let stopped: Promise<void> | undefined;
  return {
    url,
    port: actualPort,
    queueUrl: queue.QueueUrl!,
    queueArn: await arnOf(client, queue.QueueUrl!),
    deadLetterQueueUrl: deadLetter.QueueUrl!,
    client,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        client.destroy();
        for (const created of service.Queues) (created as unknown as PatchableQueue).clearRecords();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

async function arnOf(client: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}

/** What of local-aws-sqs 2.0.2's Queue this file touches. */
interface PatchableQueue {
  newRecord: (record: Record<string, unknown>, delay?: number) => QueueEntry;
  changeVisibility(receiptHandle: string, visibilityTimeout: string): boolean;
  delete(receiptHandle: string): boolean;
  clearRecords(): void;
}

interface QueueEntry {
  record: { MessageId: string; attributes: { ApproximateReceiveCount: string } };
}

/**
 * local-aws-sqs 2.0.2 counts a ChangeMessageVisibility as one more receive (its visibility code
 * bumps ApproximateReceiveCount whatever called it). SQS does not: the count is of receives, and
 * redrive to the dead-letter queue happens after `maxReceiveCount` of them (SQS API reference,
 * ApproximateReceiveCount; scale-facts §1.2). The dialer defers messages with
 * ChangeMessageVisibility, so left as it is, a deferred message would reach the dead-letter queue
 * after half the receives. This takes the extra count back, on the same entry, before its
 * visibility timer can look at it.
 */
function receiveCountAsSqs(queue: PatchableQueue): void {
  const entries = new Map<string, QueueEntry>();
  const newRecord = queue.newRecord;
  queue.newRecord = (record, delay) => {
    const entry = newRecord(record, delay);
    entries.set(entry.record.MessageId, entry);
    return entry;
  };
  const changeVisibility = queue.changeVisibility.bind(queue);
  queue.changeVisibility = (receiptHandle, visibilityTimeout) => {
    const changed = changeVisibility(receiptHandle, visibilityTimeout);
    const entry = entries.get(messageIdOf(receiptHandle) ?? '');
    if (changed && entry) entry.record.attributes.ApproximateReceiveCount = String(Number(entry.record.attributes.ApproximateReceiveCount) - 1);
    return changed;
  };
  const remove = queue.delete.bind(queue);
  queue.delete = (receiptHandle) => {
    entries.delete(messageIdOf(receiptHandle) ?? '');
    return remove(receiptHandle);
  };
}

/** local-aws-sqs's receipt handles are base64 of a random prefix and `{"date", "MessageId", "QueueName"}`. */
function messageIdOf(receiptHandle: string): string | undefined {
  try {
    const text = Buffer.from(receiptHandle, 'base64').toString('utf8');
    return (JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: string }).MessageId;
  } catch {
    return undefined;
  }
}

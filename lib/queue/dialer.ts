import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { toProblem } from '../problems/problem';
import { logger } from '../telemetry/logger';
import { metrics } from '../telemetry/metrics';
import type { DialerParts } from './dial-one';
import { Deferral, backoffSeconds, dialOne } from './dial-one';
import { MalformedMessageError, readDialMessage } from './dial-message';
import type { DialQueue } from './dial-queue';

export interface Dialer extends DialerParts {
  readonly queue: DialQueue;
}

/**
 * The dialer: Lambda's SQS event source mapping hands it a batch of dial messages; Powertools' batch
 * processor runs `dialOne` on each (at once: each waits for its own turn in the pace) and answers
 * the partial batch response, listing the messages that go back to the queue. A message goes back
 * with its visibility set to when it may be tried again (the Deferral's seconds), set here through
 * ChangeMessageVisibility, so nothing waits inside the function. A message going back after its
 * last receive will be moved to the dead-letter queue by SQS: its batch item says so first.
 */
export async function runDialer(event: SQSEvent, context: Context, dialer: () => Dialer): Promise<SQSBatchResponse> {
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  const parts = dialer();
  const processor = new BatchProcessor(EventType.SQS);
  const handle = async (record: SQSRecord) => {
    try {
      await dialOne(record, deadline, parts);
    } catch (error) {
      if (error instanceof MalformedMessageError) {
        // Not ours to dial, and it would fail the same way on every receive: dropped, loudly.
        logger.error('dial: a message of the dial queue is not a dial message; it is deleted', { messageId: record.messageId, reason: error.message });
        metrics.addByCode('DialItems', 'malformed');
        return;
      }
      await sendBack(record, error, deadline, parts);
      throw error;
    }
  };
  return processPartialResponse(event, handle, processor, { context, throwOnFullBatchFailure: false });
}

/** Sets the message's visibility to when it may be tried again; after its last receive, its item says it is dead-lettered. */
async function sendBack(record: SQSRecord, error: unknown, deadline: number, parts: Dialer): Promise<void> {
  const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
  const deferral = error instanceof Deferral ? error : new Deferral('transient', backoffSeconds(receives, parts.config.dial.retryBaseSeconds), toProblem(error).code);
  try {
    metrics.addByCode('DialDeferrals', deferral.reason);
    if (receives >= parts.config.dial.maxReceiveCount) {
      const message = readDialMessage(record.body);
      if (message.batchId !== undefined) {
        await parts.batches.settle(message.batchId, message.index!, 'deadLettered', { code: deferral.code ?? deferral.reason, settledAt: Date.now() }, deadline);
      }
      metrics.addByCode('DialItems', 'deadLettered');
      logger.error('dial: the message failed its last receive and goes to the dead-letter queue', { messageId: record.messageId, reason: deferral.reason, code: deferral.code, receives });
    }
    await parts.queue.defer(record.receiptHandle, deferral.seconds, deadline);
  } catch (failure) {
    // The message still goes back, after the queue's own visibility timeout.
    logger.warn('dial: the message goes back with the queue\'s visibility timeout (its deferral could not be set)', {
      messageId: record.messageId,
      reason: deferral.reason,
      cause: failure instanceof Error ? failure.name : 'unknown',
    });
  }
}

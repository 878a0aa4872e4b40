/**
 * One message of the dial queue: one call, the key that makes it happen at most once, and whose it
 * is. The call is the `POST /calls` body as the caller wrote it (with its full number: message
 * bodies are where numbers travel), validated again by the dialer with the same rules.
 */
export interface DialMessage {
  readonly v: 1;
  /** The idempotency key, already scoped to the caller: `<batchId>:<index>` for a batch item. */
  readonly key: string;
  /** The principal that asked for the call (API Gateway's IAM caller), the owner of its records. */
  readonly caller: string;
  readonly call: Readonly<Record<string, unknown>>;
  readonly batchId?: string;
  readonly index?: number;
}

/** A message this dialer cannot read: it is ours or nobody's, and retrying it would not change it. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

export function readDialMessage(body: string): DialMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('the message body is not JSON');
  }
  const message = value as Partial<DialMessage> | null;
  if (
    message?.v !== 1 ||
    typeof message.key !== 'string' ||
    typeof message.caller !== 'string' ||
    typeof message.call !== 'object' ||
    message.call === null ||
    (message.batchId !== undefined && (typeof message.batchId !== 'string' || !Number.isInteger(message.index)))
  ) {
    throw new MalformedMessageError('the message is not a dial message (v 1, key, caller, call)');
  }
  return message as DialMessage;
}

/** The idempotency key of a batch's item: the same on every delivery of its message. */
export function batchItemKey(batchId: string, index: number): string {
  return `batch:${batchId}:${index}`;
}

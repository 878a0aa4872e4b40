import type { EventBridgeEnvelope } from './detail-events';

/**
 * Where the emulator's Genesys events go, as an EventBridge rule would send them: the service's
 * `callEvents` function behind a Lambda Invoke API (serverless offline's Lambda port, as in
 * `npm start`), or a function in this process (tests).
 */
export type CallEventTarget = { lambdaUrl: string; functionName: string } | ((envelope: EventBridgeEnvelope) => Promise<unknown>);

export interface SentEvent {
  readonly topic: string;
  readonly conversationId: string;
  /** The whole envelope, e.g. to save for `serverless invoke local --path`. It holds the full numbers, as Genesys's does. */
  readonly envelope: EventBridgeEnvelope;
  /**
   * `delivered`; `failed` (the target refused or threw: EventBridge would retry); `withheld` (the
   * call's script delivers none); `no_target`; `pending` until it is tried.
   */
  outcome: 'pending' | 'delivered' | 'failed' | 'withheld' | 'no_target';
}

/** Bounds one invocation, so a hung target cannot hold the queue forever. */
const INVOKE_TIMEOUT_MS = 30_000;

/**
 * Delivers events one at a time, in the order they were sent: two invocations of one function at
 * once would race in serverless offline, which keeps one event per function.
 */
export class EventDelivery {
  target: CallEventTarget | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly sent: SentEvent[]) {}

  send(envelope: EventBridgeEnvelope, withheld: boolean): void {
    const record: SentEvent = {
      topic: envelope.detail.topicName.replace(/^v2\.detail\.events\.conversation\.[^.]+\./, ''),
      conversationId: envelope.detail.topicName.split('.')[4] ?? '',
      envelope,
      outcome: withheld ? 'withheld' : this.target === undefined ? 'no_target' : 'pending',
    };
    this.sent.push(record);
    const target = this.target;
    if (record.outcome !== 'pending' || target === undefined) return;
    this.#queue = this.#queue.then(async () => {
      record.outcome = (await invoke(target, envelope)) ? 'delivered' : 'failed';
    });
  }

  /** Resolves once every event sent so far was tried. */
  settled(): Promise<void> {
    return this.#queue;
  }
}

async function invoke(target: CallEventTarget, envelope: EventBridgeEnvelope): Promise<boolean> {
  try {
    if (typeof target === 'function') {
      await target(envelope);
      return true;
    }
    const url = `${target.lambdaUrl.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(target.functionName)}/invocations`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
      body: JSON.stringify(envelope),
      signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    // The Lambda Invoke API reports a function that threw as 200 with X-Amz-Function-Error.
    return response.ok && response.headers.get('x-amz-function-error') === null;
  } catch {
    return false;
  }
}

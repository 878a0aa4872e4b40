import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The longest one store operation (a DynamoDB read or write, the SDK's own retry included) may
 * take. DynamoDB answers in milliseconds; a store that has not answered in 2 s is treated as down,
 * which keeps a keyed `POST /calls` against a hung store within about 3 s (503, fail closed).
 */
export const STORE_OPERATION_MS = 2000;

/** Kept back from the invocation's deadline so that a store that gave up still leaves time to answer. */
export const STORE_RESERVE_MS = 100;

/**
 * The SDK's own bounds, which the deadline below backs up. `requestTimeout` alone only logs a
 * warning in the pinned SDK (smithy's node-http-handler 4.x); `throwOnRequestTimeout` makes it
 * fail. The deployed bundle leaves `@aws-sdk/*` to the Lambda runtime, whose version may honour
 * either, both or neither: hence `boundedSend`, which holds whatever version runs.
 */
export const STORE_CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 1000, throwOnRequestTimeout: true },
} as const;

/**
 * Thrown when a store operation (or a put of a `Call outcome` event, bounded the same way) outlived
 * its bound; Powertools reports it as a persistence error.
 */
export class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`The AWS store or bus (DynamoDB, EventBridge) did not answer within ${timeoutMs} ms.`);
  }
}

const invocationDeadline = new AsyncLocalStorage<number>();

/**
 * Runs `work` with every store operation it starts bounded by `deadline` (epoch ms) as well:
 * Powertools calls the client itself, so the deadline travels with the async context.
 */
export function withStoreDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return invocationDeadline.run(deadline, work);
}

/** The bound of one operation starting now: 2 s, or less if the invocation's deadline comes first. */
export function storeOperationTimeout(deadline = invocationDeadline.getStore(), now = Date.now()): number {
  if (deadline === undefined) return STORE_OPERATION_MS;
  return Math.max(1, Math.min(STORE_OPERATION_MS, deadline - now - STORE_RESERVE_MS));
}

interface SendOptions {
  abortSignal?: AbortSignal;
}

type Send = (command: never, options?: SendOptions) => Promise<unknown>;

/**
 * Bounds every `send` of an AWS SDK v3 client by `storeOperationTimeout()`: the request is aborted
 * through the `abortSignal` option every v3 version accepts, and the caller is answered at the bound
 * whether or not that version honours the abort. Returns the same client.
 */
export function boundedSend<Client extends { send: unknown }>(client: Client): Client {
  const send = (client.send as Send).bind(client);
  const bounded = async (command: never, options?: SendOptions): Promise<unknown> => {
    const timeoutMs = storeOperationTimeout();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new StoreTimeoutError(timeoutMs));
      }, timeoutMs);
    });
    try {
      return await Promise.race([send(command, { ...options, abortSignal: controller.signal }), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
  Object.assign(client, { send: bounded });
  return client;
}

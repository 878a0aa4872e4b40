import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request the emulator (or the local DynamoDB) served, and how long it took it. */
export interface Served {
  method: string;
  path: string;
  status: number;
  /** The AWS API operation (`X-Amz-Target`, e.g. `DynamoDB_20120810.PutItem`), for the AWS services' JSON requests. */
  target?: string;
  /** From Node's HTTP parser handing over the request (headers read) to the last byte of the answer handed to the socket. */
  ms: number;
}

interface ServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
}

/**
 * The emulator's own service time per request, taken from Node's HTTP server diagnostics channels
 * (`http.server.request.start` → `http.server.response.finish`) in the process that runs the
 * emulator: no change to the emulator, and nothing of the client's side (its HTTP code, the
 * loopback socket) is counted as the emulator's.
 */
export function recordServiceTimes(): { readonly served: Served[]; clear(): void; stop(): void } {
  const served: Served[] = [];
  const started = new WeakMap<IncomingMessage, bigint>();
  const onStart = (message: unknown) => {
    started.set((message as ServerMessage).request, process.hrtime.bigint());
  };
  const onFinish = (message: unknown) => {
    const { request, response } = message as ServerMessage;
    const start = started.get(request);
    if (start === undefined) return;
    served.push({
      method: request.method ?? '',
      path: new URL(request.url ?? '/', 'http://emulator').pathname,
      status: response.statusCode,
      target: request.headers['x-amz-target']?.toString(),
      ms: Number(process.hrtime.bigint() - start) / 1e6,
    });
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return {
    served,
    clear: () => {
      served.length = 0;
    },
    stop: () => {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How a failing request fails: its connection reset before the service sees it, passed on and its
 * answer lost (the service acted; the client cannot know), or an answer of the AWS JSON protocol.
 */
export type Failure = 'reset' | 'answerLost' | { readonly status: number; readonly type: string; readonly message: string };

/** An AWS service failing part way: after `after` requests of the operation `operation`, each fails as `how`. */
export interface FaultRule {
  /** The operation, as X-Amz-Target ends (`SendMessageBatch`, `BatchWriteItem`). */
  readonly operation: string;
  readonly after: number;
  readonly how: Failure;
}

export interface FaultProxy {
  /** What an `AWS_ENDPOINT_URL_*` variable points at. */
  readonly url: string;
  /** From now on, the rule's operation fails as it says after its first `after` requests. */
  fail(rule: FaultRule): void;
  /** No more failures. */
  heal(): void;
  /** Requests passed on to the service, by operation, with the parsed body of each. */
  readonly forwarded: Map<string, unknown[]>;
  /** Requests failed, by operation. */
  readonly failed: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * A local AWS service (dynalite, the local SQS) failing part way through a piece of work, as a
 * real one does when it throttles or goes away: an HTTP proxy in front of it that passes every
 * request on (the service answers it as ever) until the rule says the next ones of an operation
 * fail. The client under test is the real SDK, talking HTTP to this proxy; nothing is mocked.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const forwarded = new Map<string, unknown[]>();
  const failed = new Map<string, number>();
  let rule: FaultRule | undefined;
  let seen = 0;
  const sockets = new Set<Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    let loseAnswer = false;
    if (rule && operation === rule.operation) {
      seen += 1;
      if (seen > rule.after) {
        failed.set(operation, (failed.get(operation) ?? 0) + 1);
        const how = rule.how;
        loseAnswer = how === 'answerLost';
        if (how === 'reset') {
          request.socket.destroy();
          return;
        }
        if (how !== 'answerLost') {
          response.writeHead(how.status, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(JSON.stringify({ __type: how.type, message: how.message }));
          return;
        }
      }
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
    const answer = await fetch(`${target}${request.url}`, { method: request.method, headers, body: body.length > 0 ? body : undefined });
    const text = Buffer.from(await answer.arrayBuffer());
    if (answer.ok) forwarded.set(operation, [...(forwarded.get(operation) ?? []), body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined]);
    if (loseAnswer) {
      request.socket.destroy();
      return;
    }
    response.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))));
    response.end(text);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    fail: (next) => {
      rule = next;
      seen = 0;
    },
    heal: () => {
      rule = undefined;
    },
    forwarded,
    failed,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AWS_JSON_1_1 } from './aws-error';
import { control, CONTROL_PREFIX } from './control';
import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import { faultReply, type AnsweringFault } from './fault-reply';
import { resolveRoute, type ResolvedRoute } from './routes';
import type { EmulatorState } from './state';
import { ENDPOINT_NAMES, type EmulatorOperations, type EndpointName, type Fault } from './types';

/**
 * Genesys's correlation header (facts §3). Every answer carries one, Secrets Manager's and the
 * control endpoints' too (real AWS does not send it), so any log line can be matched to a request.
 */
const CORRELATION_HEADER = 'ININ-Correlation-Id';

export interface ServerOptions {
  host: string;
  port: number;
  state: EmulatorState;
  operations: EmulatorOperations;
  /** Receives one line per request; never the Authorization header or a token. */
  log?: (line: string) => void;
}

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * The HTTP side: reads each request whole, records it, plays any injected fault, and sends what
 * the handler replied. Handlers never see sockets; only here can a response be delayed or lost.
 */
/** The AWS operations the emulator plays, named as AWS names them: their path is always `/`. */
const AWS_OPERATIONS: Partial<Record<ResolvedRoute['endpoint'], string>> = {
  getSecretValue: 'Secrets Manager GetSecretValue',
  putEvents: 'EventBridge PutEvents',
};

/** A request as a log line names it: which emulated service answered, and what was asked. */
function requestName(endpoint: ResolvedRoute['endpoint'], { method, path }: Exchange): string {
  const operation = AWS_OPERATIONS[endpoint];
  if (operation) return operation;
  if (endpoint === 'control') return `emulator control ${method} ${path}`;
  return `${endpoint === 'token' ? 'Genesys login' : 'Genesys API'} ${method} ${path}`;
}

export async function listen(options: ServerOptions): Promise<RunningServer> {
  const { state, operations, log } = options;
  // Aborted by stop(): delayed requests are abandoned instead of keeping the process alive.
  const stopping = new AbortController();

  const server = createServer((request, response) => void serve(request, response));

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    let rawBody: string;
    try {
      rawBody = await readBody(request);
    } catch {
      return; // the client went away before sending its whole request: nobody to answer
    }
    const url = new URL(request.url ?? '/', 'http://emulator');
    const exchange: Exchange = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      rawBody,
      correlationId: randomUUID(),
    };
    const route: ResolvedRoute = exchange.path.startsWith(CONTROL_PREFIX)
      ? { endpoint: 'control', handle: (ex) => control(ex, operations) }
      : resolveRoute(exchange);
    const recorded = state.recorder.received({ ...exchange, endpoint: route.endpoint });
    const callFinished = state.recorder.callStarted(route.endpoint);
    const fault = isEndpointName(route.endpoint) ? state.faults.take(route.endpoint) : undefined;
    const logLine = (status: string) =>
      log?.(`${requestName(route.endpoint, exchange)} ${status} ${Date.now() - receivedAt}ms ${exchange.correlationId}${fault ? ` fault=${fault.kind}` : ''}`);

    try {
      if (fault?.kind === 'delay') {
        try {
          await sleep(fault.ms, undefined, { signal: stopping.signal });
        } catch {
          request.socket.destroy(); // stop() during the delay: abandon the request
          return;
        }
      }
      const reply = answer(exchange, () =>
        answersInstead(fault) ? faultReply(route.endpoint as EndpointName, fault, exchange) : route.handle(exchange, state),
      );
      if (exchange.tokenKind !== undefined) recorded.tokenKind = exchange.tokenKind;
      if (fault?.kind === 'drop') {
        // The request was handled (a call IS placed) and the answer is lost in transit: the worst
        // case for a client, which cannot tell whether to retry.
        request.socket.destroy();
        logLine('dropped');
        return;
      }
      recorded.status = reply.status;
      if (fault?.kind === 'stallBody') {
        // Headers and half the body now; the rest after `ms`, or never. A client bounded only
        // until the headers arrive (ky's timeout) waits here as long as the socket lives.
        logLine(`${reply.status} stalled`);
        await sendStalled(response, reply, exchange.correlationId, fault.ms, stopping.signal);
        return;
      }
      send(response, reply, exchange.correlationId);
      logLine(String(reply.status));
    } finally {
      callFinished();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stopping.abort();
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open (and jest with it) until they time out.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** A handler that throws is a bug in the emulator, not a behaviour of Genesys: the answer says so, so a test shows it. */
function answer(exchange: Exchange, handle: () => Reply): Reply {
  try {
    return handle();
  } catch (error) {
    return genesysError(exchange, 'internal.server.error', { message: `Emulator error: ${String(error)}` });
  }
}

function isEndpointName(endpoint: string): endpoint is EndpointName {
  return (ENDPOINT_NAMES as readonly string[]).includes(endpoint);
}

function answersInstead(fault: Fault | undefined): fault is AnsweringFault {
  return fault !== undefined && fault.kind !== 'delay' && fault.kind !== 'drop' && fault.kind !== 'stallBody';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: Reply, correlationId: string): void {
  const { headers, payload } = serialize(reply, correlationId);
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/**
 * Sends the status, the headers (with the whole body's Content-Length) and the first half of the
 * body; the second half after `ms`, or never when `ms` is absent. `stopping` abandons the answer.
 */
async function sendStalled(response: ServerResponse, reply: Reply, correlationId: string, ms: number | undefined, stopping: AbortSignal): Promise<void> {
  const { headers, payload } = serialize(reply, correlationId);
  const body = Buffer.from(payload ?? '');
  const half = Math.floor(body.length / 2);
  response.writeHead(reply.status, headers);
  response.write(body.subarray(0, half));
  if (ms === undefined) return; // never finished: stop() closes the connection
  try {
    await sleep(ms, undefined, { signal: stopping });
  } catch {
    response.destroy();
    return;
  }
  response.end(body.subarray(half));
}

function serialize(reply: Reply, correlationId: string): { headers: Record<string, string | number>; payload: string | undefined } {
  const headers: Record<string, string | number> = { [CORRELATION_HEADER]: correlationId, ...reply.headers };
  // The AWS SDK reports this as $metadata.requestId.
  if (reply.contentType === AWS_JSON_1_1) headers['x-amzn-RequestId'] = correlationId;
  let payload: string | undefined;
  if (reply.body !== undefined) {
    // Serialized only now, so that GET /__emulator/records includes its own final status.
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    // Emulator choice (unverified): plain `application/json`, without a charset parameter.
    headers['Content-Type'] = reply.contentType ?? 'application/json';
    headers['Content-Length'] = Buffer.byteLength(payload);
  }
  return { headers, payload };
}

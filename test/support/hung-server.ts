import type { Socket } from 'node:net';
import { createServer } from 'node:net';

export interface HungServer {
  /** `http://127.0.0.1:<port>`: what an `AWS_ENDPOINT_URL_*` variable points at. */
  readonly url: string;
  /** Connections accepted so far: proof that the client did reach it. */
  connections(): number;
  /** Connections still open: a client that aborted its request has closed its own. */
  openConnections(): number;
  stop(): Promise<void>;
}

/**
 * A peer that accepts every TCP connection, reads what it is sent and never answers: a store
 * behind a black-holing proxy or a wedged load balancer. A refused connection fails at once; this
 * is the failure that only a timeout of the client's own ends.
 */
export async function startHungServer(): Promise<HungServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    openConnections: () => sockets.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

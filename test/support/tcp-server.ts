import type { Socket } from 'node:net';
import { createServer } from 'node:net';

export interface TcpServer {
  /** `http://127.0.0.1:<port>`: what an `AWS_ENDPOINT_URL_*` variable points at. */
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Connections still open: a client that aborted its request has closed its own. */
  openConnections(): number;
  /** Destroys every connection still open (and those `track`ed), then closes the server. */
  stop(): Promise<void>;
}

/**
 * A TCP server on a free loopback port that counts the connections it accepts and ends them all on
 * `stop`. `onConnection` handles each one; sockets it opens itself (a proxy's upstream) are handed
 * to `track` so that `stop` ends them too.
 */
export async function startTcpServer(onConnection: (socket: Socket, track: (socket: Socket) => void) => void): Promise<TcpServer> {
  const open = new Set<Socket>();
  const others = new Set<Socket>();
  let count = 0;
  const track = (socket: Socket, into: Set<Socket>) => {
    into.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => into.delete(socket));
  };
  const server = createServer((socket) => {
    count += 1;
    track(socket, open);
    onConnection(socket, (other) => track(other, others));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    openConnections: () => open.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of [...open, ...others]) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

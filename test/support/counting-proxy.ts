import type { Socket } from 'node:net';
import { connect, createServer } from 'node:net';

export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: what an `AWS_ENDPOINT_URL_*` variable points at. */
  readonly url: string;
  /** TCP connections clients opened through it so far. */
  connections(): number;
  stop(): Promise<void>;
}

/**
 * A TCP proxy in front of a local service that counts the connections made to it: how many
 * connections (each a handshake on the way to an answer in AWS) a piece of code opens.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted += 1;
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${listening}`,
    connections: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

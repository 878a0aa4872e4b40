import { connect } from 'node:net';
import type { TcpServer } from './tcp-server';
import { startTcpServer } from './tcp-server';

/** `connections()`: the TCP connections clients opened through it so far. */
export type CountingProxy = Pick<TcpServer, 'url' | 'connections' | 'stop'>;

/**
 * A TCP proxy in front of a local service that counts the connections made to it: how many
 * connections (each a handshake on the way to an answer in AWS) a piece of code opens.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  return startTcpServer((client, track) => {
    const upstream = connect(Number(port), hostname);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
}

import type { TcpServer } from './tcp-server';
import { startTcpServer } from './tcp-server';

/** `connections()` proves that the client did reach it; `openConnections()` that it gave up. */
export type HungServer = TcpServer;

/**
 * A peer that accepts every TCP connection, reads what it is sent and never answers: a store
 * behind a black-holing proxy or a wedged load balancer. A refused connection fails at once; this
 * is the failure that only a timeout of the client's own ends.
 */
export function startHungServer(): Promise<HungServer> {
  return startTcpServer((socket) => socket.on('data', () => undefined));
}

import { createCall, createCallForUser } from './calls';
import { genesysError } from './error-body';
import { header, type Exchange, type Reply } from './exchange';
import { token } from './oauth';
import { GET_SECRET_VALUE_TARGET, getSecretValue, unknownOperation } from './secrets-manager';
import type { EmulatorState } from './state';
import type { RecordedRequest } from './types';

export interface Route {
  endpoint: RecordedRequest['endpoint'];
  method: string;
  path: RegExp;
  /** When set, only requests with this X-Amz-Target match (AWS JSON services all post to `/`). */
  target?: string;
  handle(exchange: Exchange, state: EmulatorState, pathParams: string[]): Reply;
}

/**
 * One port serves the login host, the API host and Secrets Manager: their paths do not collide,
 * so the client under test changes only base URLs. First match wins.
 */
export const ROUTES: Route[] = [
  { endpoint: 'token', method: 'POST', path: /^\/oauth\/token$/, handle: token },
  { endpoint: 'calls', method: 'POST', path: /^\/api\/v2\/conversations\/calls$/, handle: createCall },
  {
    endpoint: 'callsForUser',
    method: 'POST',
    path: /^\/api\/v2\/conversations\/calls\/user\/([^/]+)$/,
    handle: (exchange, state, [userId]) => createCallForUser(exchange, state, decodeURIComponent(userId)),
  },
  { endpoint: 'getSecretValue', method: 'POST', path: /^\/$/, target: GET_SECRET_VALUE_TARGET, handle: getSecretValue },
  { endpoint: 'unknown', method: 'POST', path: /^\/$/, handle: unknownOperation },
];

export interface ResolvedRoute {
  endpoint: RecordedRequest['endpoint'];
  handle(exchange: Exchange, state: EmulatorState): Reply;
}

export function resolveRoute(exchange: Exchange): ResolvedRoute {
  const onPath = ROUTES.filter((route) => route.path.test(exchange.path));
  const route = onPath.find(
    (candidate) => candidate.method === exchange.method && (candidate.target === undefined || candidate.target === header(exchange, 'x-amz-target')),
  );
  if (route !== undefined) {
    const pathParams = (route.path.exec(exchange.path) ?? []).slice(1);
    return { endpoint: route.endpoint, handle: (ex, state) => route.handle(ex, state, pathParams) };
  }
  if (onPath.length > 0) {
    const allowed = [...new Set(onPath.map((candidate) => candidate.method))].join(', ');
    // Emulator choice (unverified): code and message of Genesys's 405 (see error-body.ts).
    return { endpoint: 'unknown', handle: (ex) => genesysError(ex, 'method.not.allowed', { headers: { Allow: allowed } }) };
  }
  // Emulator choice (unverified): an unknown path answers the ErrorBody not.found.
  return { endpoint: 'unknown', handle: (ex) => genesysError(ex, 'not.found') };
}

import { getOAuthClient, getRole } from './authorization';
import { createCall, createCallForUser } from './calls';
import { getCallConversation, getConversation } from './conversation-resources';
import { genesysError } from './error-body';
import { header, type Exchange, type Reply } from './exchange';
import { tokensMe, usersMe } from './identity';
import { getIntegrations } from './integrations';
import { getLimits } from './limits';
import { token } from './oauth';
import { PUT_EVENTS_TARGET, putEvents } from './event-bus';
import { GET_SECRET_VALUE_TARGET, getSecretValue, unknownOperation } from './secrets-manager';
import type { EmulatorState } from './state';
import { getQueue } from './routing';
import { createSchedule, deleteSchedule, getSchedule } from './scheduler-api';
import type { RecordedRequest } from './types';
import { getStation, getUser, getUserQueues, getUserStation } from './users';

export interface Route {
  endpoint: RecordedRequest['endpoint'];
  method: string;
  path: RegExp;
  /** When set, only requests with this X-Amz-Target match (AWS JSON services all post to `/`). */
  target?: string;
  handle(exchange: Exchange, state: EmulatorState, pathParams: string[]): Reply;
}

/**
 * One port serves the login host, the API host, Secrets Manager and EventBridge: their paths do not collide,
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
  // The doctor's reads (doctor-outcomes.md §A). `users/me` comes before `users/{id}`.
  { endpoint: 'tokensMe', method: 'GET', path: /^\/api\/v2\/tokens\/me$/, handle: tokensMe },
  { endpoint: 'usersMe', method: 'GET', path: /^\/api\/v2\/users\/me$/, handle: usersMe },
  withId('user', /^\/api\/v2\/users\/([^/]+)$/, getUser),
  withId('userStation', /^\/api\/v2\/users\/([^/]+)\/station$/, getUserStation),
  withId('userQueues', /^\/api\/v2\/users\/([^/]+)\/queues$/, getUserQueues),
  withId('station', /^\/api\/v2\/stations\/([^/]+)$/, getStation),
  withId('queue', /^\/api\/v2\/routing\/queues\/([^/]+)$/, getQueue),
  withId('oauthClient', /^\/api\/v2\/oauth\/clients\/([^/]+)$/, getOAuthClient),
  withId('role', /^\/api\/v2\/authorization\/roles\/([^/]+)$/, getRole),
  withId('limits', /^\/api\/v2\/organizations\/limits\/namespaces\/([^/]+)$/, getLimits),
  { endpoint: 'integrations', method: 'GET', path: /^\/api\/v2\/integrations$/, handle: getIntegrations },
  withId('callConversation', /^\/api\/v2\/conversations\/calls\/([^/]+)$/, getCallConversation),
  // `calls` is the collection of the POSTs above, not a conversation id.
  withId('conversation', /^\/api\/v2\/conversations\/(?!calls$)([^/]+)$/, getConversation),
  // EventBridge Scheduler (restJson1): its paths collide with no Genesys path.
  withName('createSchedule', 'POST', createSchedule),
  withName('getSchedule', 'GET', getSchedule),
  withName('deleteSchedule', 'DELETE', deleteSchedule),
  { endpoint: 'getSecretValue', method: 'POST', path: /^\/$/, target: GET_SECRET_VALUE_TARGET, handle: getSecretValue },
  { endpoint: 'putEvents', method: 'POST', path: /^\/$/, target: PUT_EVENTS_TARGET, handle: putEvents },
  { endpoint: 'unknown', method: 'POST', path: /^\/$/, handle: unknownOperation },
];

/** A GET of one resource named by the path's only parameter. */
function withId(
  endpoint: Route['endpoint'],
  path: RegExp,
  handle: (exchange: Exchange, state: EmulatorState, id: string) => Reply,
): Route {
  return { endpoint, method: 'GET', path, handle: (exchange, state, [id]) => handle(exchange, state, decodeURIComponent(id)) };
}

/** One of Scheduler's `/schedules/{Name}` operations. */
function withName(endpoint: Route['endpoint'], method: string, handle: (exchange: Exchange, state: EmulatorState, name: string) => Reply): Route {
  return { endpoint, method, path: /^\/schedules\/([^/]+)$/, handle: (exchange, state, [name]) => handle(exchange, state, decodeURIComponent(name)) };
}

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

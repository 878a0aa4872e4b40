import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import { authorize } from './permissions';
import type { EmulatorState } from './state';
import type { EmulatorStation, EmulatorUser } from './types';

// The 404 for a user [SPEC18] (doctor-outcomes.md §A2).
const USER_NOT_FOUND = { status: 404, message: 'Unable to find a user with that userId' } as const;

/** The fields of `User` the emulator fills (emulator choice: no division, email, version, …). */
export function userBody(user: EmulatorUser): Record<string, unknown> {
  return { id: user.id, name: user.name, state: user.state ?? 'active', selfUri: `/api/v2/users/${user.id}` };
}

/** GET /api/v2/users/{userId} (no permission listed, §A2). */
export function getUser(exchange: Exchange, state: EmulatorState, userId: string): Reply {
  const auth = authorize(exchange, state);
  if (!auth.ok) return auth.reply;
  const user = state.users.get(userId);
  if (user === undefined) return genesysError(exchange, 'general.resource.not.found', USER_NOT_FOUND);
  return { status: 200, body: userBody(user) };
}

/**
 * GET /api/v2/users/{userId}/station → UserStations (§A2, needs telephony:otherStationAssociation:view).
 * Emulator choice (unverified): the associated station is also the effective one; no default or
 * last-associated station; a user without a station answers `{}` (Genesys leaves out empty fields).
 */
export function getUserStation(exchange: Exchange, state: EmulatorState, userId: string): Reply {
  const auth = authorize(exchange, state, 'telephony:otherStationAssociation:view');
  if (!auth.ok) return auth.reply;
  const user = state.users.get(userId);
  if (user === undefined) return genesysError(exchange, 'general.resource.not.found', USER_NOT_FOUND);
  const station = state.effectiveStation(user);
  if (station === undefined) return { status: 200, body: {} };
  const userStation = userStationBody(station, user);
  return { status: 200, body: { associatedStation: userStation, effectiveStation: userStation } };
}

function userStationBody(station: EmulatorStation, user: EmulatorUser): Record<string, unknown> {
  return { id: station.id, name: station.name, type: stationType(station), associatedUser: { id: user.id, selfUri: `/api/v2/users/${user.id}` } };
}

function stationType(station: EmulatorStation): string {
  return station.type ?? 'inin_webrtc_softphone';
}

/** GET /api/v2/stations/{stationId} → Station (§A2, no permission listed). Emulator choice: a 404 is `not.found`. */
export function getStation(exchange: Exchange, state: EmulatorState, stationId: string): Reply {
  const auth = authorize(exchange, state);
  if (!auth.ok) return auth.reply;
  const station = state.stations.get(stationId);
  if (station === undefined) return genesysError(exchange, 'not.found');
  const user = [...state.users.values()].find((candidate) => state.effectiveStation(candidate)?.id === station.id);
  const edge = (which: { id: string; name: string } | undefined) => which && { ...which, selfUri: `/api/v2/telephony/providers/edges/${which.id}` };
  const status = station.status ?? (user ? 'ASSOCIATED' : 'AVAILABLE');
  const body = {
    id: station.id,
    name: station.name,
    type: stationType(station),
    status,
    ...(user && status === 'ASSOCIATED' ? { userId: user.id } : {}),
    ...(user && stationType(station) === 'inin_webrtc_softphone' ? { webRtcUserId: user.id } : {}),
    ...(station.primaryEdge ? { primaryEdge: edge(station.primaryEdge) } : {}),
    ...(station.secondaryEdge ? { secondaryEdge: edge(station.secondaryEdge) } : {}),
    selfUri: `/api/v2/stations/${station.id}`,
  };
  return { status: 200, body };
}

/**
 * GET /api/v2/users/{userId}/queues?pageSize&pageNumber&joined → a page of UserQueue (§A3, needs
 * routing:queue:view). Emulator choice (unverified): every membership is joined; default page size 25.
 */
export function getUserQueues(exchange: Exchange, state: EmulatorState, userId: string): Reply {
  const auth = authorize(exchange, state, 'routing:queue:view');
  if (!auth.ok) return auth.reply;
  if (!state.users.has(userId)) return genesysError(exchange, 'general.resource.not.found', USER_NOT_FOUND);
  const joinedFilter = exchange.query.get('joined');
  const all = [...state.queues.values()]
    .filter((queue) => (queue.memberIds ?? []).includes(userId))
    .filter(() => joinedFilter !== 'false')
    .map((queue) => ({ id: queue.id, name: queue.name, joined: true, selfUri: `/api/v2/routing/queues/${queue.id}` }));
  const pageSize = positiveInteger(exchange.query.get('pageSize'), 25);
  const pageNumber = positiveInteger(exchange.query.get('pageNumber'), 1);
  const entities = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { status: 200, body: { entities, pageSize, pageNumber, total: all.length, pageCount: Math.ceil(all.length / pageSize) } };
}

function positiveInteger(text: string | null, fallback: number): number {
  const value = Number(text);
  return text !== null && Number.isInteger(value) && value > 0 ? value : fallback;
}

import { randomUUID } from 'node:crypto';
import { authenticate } from './api-auth';
import { validateCreateCallRequest } from './create-call-request';
import { genesysError } from './error-body';
import { mediaType, type Exchange, type Reply } from './exchange';
import { refusal } from './permissions';
import type { EmulatorState } from './state';
import type { EmulatorUser, PlacedCall } from './types';

const JSON_MEDIA_TYPE = 'application/json';

// Emulator choice (unverified): the order of the checks. Authentication first, then the media
// type, then whether this token may use the endpoint at all (`not.a.user`), then its permission,
// then who the call is for, then the body, then the station: so a request with several faults
// hears about the one a client must fix first. `not.a.user` before the permission means a
// client-credentials token on /calls is told to use /calls/user/{userId}, whatever its roles.

/**
 * `x-inin-requires-permissions` of each endpoint, ANY of (facts §6; doctor-outcomes.md §A4): SOURCED.
 * Whether a plain dial on /calls really enforces `conversation:conference:add` is UNVERIFIED; the
 * emulator enforces it.
 */
const CALL_PERMISSIONS = {
  calls: ['conversation:conference:add'],
  callsForUser: ['conversation:agentlessCall:add', 'conversation:call:add'],
} as const satisfies Record<PlacedCall['endpoint'], readonly string[]>;

/**
 * POST /api/v2/conversations/calls: places the call from the station of the user whose token it
 * is, so a client-credentials token is refused with 400 not.a.user (facts §2).
 */
export function createCall(exchange: Exchange, state: EmulatorState): Reply {
  const auth = authenticate(exchange, state);
  if (!auth.ok) return auth.reply;
  if (mediaType(exchange) !== JSON_MEDIA_TYPE) return genesysError(exchange, 'unsupported.media.type');
  if (auth.token.kind !== 'user') return genesysError(exchange, 'not.a.user');
  const refused = refusal(exchange, state, auth.token, CALL_PERMISSIONS.calls);
  if (refused !== undefined) return refused;
  const user = state.users.get(auth.token.userId ?? '');
  // The user was removed from the seed after the token was issued: the token no longer stands for anyone.
  if (user === undefined) return genesysError(exchange, 'bad.credentials');
  return place(exchange, state, 'calls', user);
}

/**
 * POST /api/v2/conversations/calls/user/{userId}: places the call on behalf of the user in the path.
 * Emulator choice (unverified): client-credentials tokens are accepted here (facts §2 infers it
 * from the endpoint's name and permissions; no source says so).
 * INFERRED/UNVERIFIED: the permission is checked on the token's principal, so for a
 * client-credentials token on the OAuth client's roles, as for the doctor's reads; whether Genesys
 * checks the client or the user in the path is UNKNOWN (doctor-outcomes.md, open item 1). The
 * permission is checked before the path user is looked up, so a refused client learns nothing of the org.
 */
export function createCallForUser(exchange: Exchange, state: EmulatorState, userId: string): Reply {
  const auth = authenticate(exchange, state);
  if (!auth.ok) return auth.reply;
  if (mediaType(exchange) !== JSON_MEDIA_TYPE) return genesysError(exchange, 'unsupported.media.type');
  const refused = refusal(exchange, state, auth.token, CALL_PERMISSIONS.callsForUser);
  if (refused !== undefined) return refused;
  const user = state.users.get(userId);
  if (user === undefined) return genesysError(exchange, 'not.found');
  return place(exchange, state, 'callsForUser', user);
}

function place(exchange: Exchange, state: EmulatorState, endpoint: PlacedCall['endpoint'], user: EmulatorUser): Reply {
  const validation = validateCreateCallRequest(exchange.rawBody, { isQueue: (queueId) => state.queues.has(queueId) });
  if (!validation.ok) return genesysError(exchange, validation.rejection.code, validation.rejection);
  const station = state.effectiveStation(user);
  if (station === undefined) return genesysError(exchange, 'conversation.error.no.user.station');
  // Documented for create call (facts §8 catalog); emulator choice (unverified) that a station
  // without any edge is what produces it.
  if (station.primaryEdge === undefined && station.secondaryEdge === undefined) {
    return genesysError(exchange, 'providerapi.error.no.station.for.edge');
  }

  const conversationId = randomUUID();
  const placedAt = Date.now();
  state.recorder.records.callsPlaced.push({ conversationId, endpoint, userId: user.id, body: validation.body, at: placedAt });
  const { phoneNumber, callerId, callFromQueueId } = validation.body as { phoneNumber?: string; callerId?: string; callFromQueueId?: string };
  // Only calls to a number are played (a call to a user or queue is a destination this emulator does not model further).
  if (typeof phoneNumber === 'string' && phoneNumber !== '') {
    state.conversations.place({
      conversationId,
      placedAt,
      userId: user.id,
      ...(callFromQueueId ? { queueId: callFromQueueId } : {}),
      phoneNumber,
      ...(callerId ? { callerId } : {}),
      script: state.scriptFor(phoneNumber),
    });
  }
  // Emulator choice (unverified): the selfUri form, and `name` left out (facts §1).
  return { status: 200, body: { id: conversationId, selfUri: `/api/v2/conversations/calls/${conversationId}` } };
}

import { authorize } from './permissions';
import type { EmulatedCall, Leg } from './emulated-call';
import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import type { EmulatorState } from './state';

/**
 * The two reads of a call (doctor-outcomes §B1). Field names are SOURCED from the [PY] models
 * (`CallConversation`/`CallMediaParticipant` and `Conversation`/`Participant`/`Call`); times are ISO
 * 8601 strings as everywhere in the Platform API. Emulator choices (UNVERIFIED): the purposes
 * `agent` and `customer` (a queue-less call's dialled party may be `external`), the participant
 * `state` `disconnected` rather than `terminated` after the call, the fields left out (wrapup,
 * attributes beyond `{}`, segments), and which token may read which conversation (any token of the org).
 * Each read is gated by its documented permission: `GET /api/v2/conversations/{id}` by
 * conversation:communication:view (SOURCED, §B1); `GET /api/v2/conversations/calls/{id}` by none,
 * as the SDK documents none for it ("Requires no permissions"; whether Genesys checks one is UNKNOWN).
 */
export function getCallConversation(exchange: Exchange, state: EmulatorState, conversationId: string): Reply {
  const found = lookUp(exchange, state, conversationId);
  if ('reply' in found) return found.reply;
  const { call } = found;
  return {
    status: 200,
    body: {
      id: call.id,
      participants: [callParticipant(call, call.agent, 'agent'), callParticipant(call, call.customer, 'customer')],
      recordingState: 'none',
      divisions: [],
      selfUri: `/api/v2/conversations/calls/${call.id}`,
    },
  };
}

/** `GET /api/v2/conversations/{id}`: the same call with `participants[].calls[]`, where the disconnect reasons are. */
export function getConversation(exchange: Exchange, state: EmulatorState, conversationId: string): Reply {
  const found = lookUp(exchange, state, conversationId, 'conversation:communication:view');
  if ('reply' in found) return found.reply;
  const { call } = found;
  const endTime = Math.max(call.agent.endTime ?? 0, call.customer.endTime ?? 0) || undefined;
  return {
    status: 200,
    body: {
      id: call.id,
      startTime: iso(call.placedAt),
      ...(endTime === undefined ? {} : { endTime: iso(endTime) }),
      participants: [participant(call, call.agent, 'agent'), participant(call, call.customer, 'customer')],
      recordingState: 'none',
      divisions: [],
      selfUri: `/api/v2/conversations/${call.id}`,
    },
  };
}

function lookUp(exchange: Exchange, state: EmulatorState, conversationId: string, permission?: string): { call: EmulatedCall } | { reply: Reply } {
  const auth = authorize(exchange, state, permission);
  if (!auth.ok) return { reply: auth.reply };
  const call = state.conversations.get(conversationId);
  if (call === undefined) {
    // The code and message [SPEC18] documents for GET /api/v2/conversations/calls/{id}.
    return {
      reply: genesysError(exchange, 'conversation.error.conversation.not.found', { status: 404, message: 'The conversation does not exist.' }),
    };
  }
  return { call };
}

type Purpose = 'agent' | 'customer';

function addresses(call: EmulatedCall, purpose: Purpose): Record<string, string> {
  const dialled = `tel:${call.phoneNumber}`;
  const from = call.callerId ? `tel:${call.callerId}` : 'tel:+13175550000';
  return purpose === 'customer' ? { address: dialled, ani: from, dnis: dialled } : { ani: from, dnis: dialled };
}

function times(leg: Leg): Record<string, string> {
  return {
    startTime: iso(leg.startTime),
    ...(leg.startAlertingTime === undefined ? {} : { startAlertingTime: iso(leg.startAlertingTime) }),
    ...(leg.connectedTime === undefined ? {} : { connectedTime: iso(leg.connectedTime) }),
    ...(leg.endTime === undefined ? {} : { endTime: iso(leg.endTime) }),
  };
}

function callParticipant(call: EmulatedCall, leg: Leg, purpose: Purpose): Record<string, unknown> {
  return {
    id: leg.participantId,
    ...addresses(call, purpose),
    purpose,
    direction: 'outbound',
    state: leg.state,
    ...times(leg),
    ...(leg.disconnectType === undefined ? {} : { disconnectType: leg.disconnectType }),
    ...(purpose === 'agent' ? { user: { id: call.userId, selfUri: `/api/v2/users/${call.userId}` } } : {}),
    ...(purpose === 'agent' && call.queueId ? { queue: { id: call.queueId, selfUri: `/api/v2/routing/queues/${call.queueId}` } } : {}),
    attributes: {},
  };
}

function participant(call: EmulatedCall, leg: Leg, purpose: Purpose): Record<string, unknown> {
  const { startTime, connectedTime, endTime, startAlertingTime } = times(leg);
  return {
    id: leg.participantId,
    startTime,
    ...(endTime === undefined ? {} : { endTime }),
    ...(connectedTime === undefined ? {} : { connectedTime }),
    purpose,
    ...(purpose === 'agent' ? { userId: call.userId, ...(call.queueId ? { queueId: call.queueId } : {}) } : {}),
    ...addresses(call, purpose),
    attributes: {},
    calls: [
      {
        state: leg.state,
        initialState: purpose === 'agent' ? 'dialing' : 'alerting',
        id: leg.sessionId,
        direction: 'outbound',
        recording: false,
        recordingState: 'none',
        muted: false,
        confined: false,
        held: false,
        ...(leg.disconnectType === undefined ? {} : { disconnectType: leg.disconnectType }),
        ...(startAlertingTime === undefined ? {} : { startAlertingTime }),
        ...(connectedTime === undefined ? {} : { connectedTime }),
        ...(endTime === undefined ? {} : { disconnectedTime: endTime }),
        ...(leg.disconnectReasons === undefined ? {} : { disconnectReasons: leg.disconnectReasons }),
        provider: 'Edge',
      },
    ],
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

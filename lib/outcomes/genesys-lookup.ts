import type { GenesysClient } from '../genesys/client';
import { maskNumbersIn } from '../telemetry/masking';
import type { CallStatus, DisconnectReason, DisconnectReasons, GenesysSnapshot } from './call-record';
import { normalizeDisconnectType } from './disconnect-types';

/**
 * Participant states (doctor-outcomes §B1, [PY] `CallMediaParticipant.state`) → our status. A state
 * not listed (`none`, or one added later) says nothing.
 */
const STATUS_OF_STATE: Readonly<Record<string, Exclude<CallStatus, 'placed'>>> = {
  alerting: 'ringing',
  dialing: 'ringing',
  contacting: 'ringing',
  offering: 'ringing',
  scheduled: 'ringing',
  connected: 'connected',
  converting: 'connected',
  uploading: 'connected',
  transmitting: 'connected',
  disconnected: 'ended',
  terminated: 'ended',
};

/** The dialled party's purposes; which one a queue-less agent call gives it is not known (doctor-outcomes §B2). */
const DIALLED_PURPOSES = ['customer', 'external'];

const ONE_ATTEMPT = { retry: false } as const;

/** A second read refused (no conversation:communication:view) or not found: the outcome stands without its reasons. */
const REASONS_UNREADABLE = [403, 404];

// A reason phrase is protocol text ("Busy Here"); longer text is not one, and is cut.
const MAX_PHRASE_LENGTH = 100;

/**
 * Asks Genesys what became of a call: `GET /api/v2/conversations/calls/{id}` for the dialled
 * party's state, times and disconnect type, and, for a call that ended unanswered,
 * `GET /api/v2/conversations/{id}` for its SIP and Q.850 reasons (doctor-outcomes §B1; the second
 * needs `conversation:communication:view`). Reads only enums, times and reason codes: the answers'
 * `address`, `ani` and `dnis` hold full numbers. Genesys errors are thrown as the typed errors of
 * lib/genesys; a refused or missing second read (403, 404) leaves the reasons out rather than failing
 * the lookup. Each read is one attempt: the caller bounds lookups per call (refresh.ts), and a retry
 * would be a second read in the same window. Undefined when Genesys answered without a dialled party
 * in a state this service knows.
 */
export async function lookUpCall(genesys: Pick<GenesysClient, 'getJson'>, conversationId: string, deadline: number, now = Date.now): Promise<GenesysSnapshot | undefined> {
  const id = encodeURIComponent(conversationId);
  const call = await genesys.getJson(`/api/v2/conversations/calls/${id}`, deadline, ONE_ATTEMPT);
  const dialled = dialledParty(call.participants);
  if (dialled === undefined) return undefined;
  const status = typeof dialled.state === 'string' ? STATUS_OF_STATE[dialled.state] : undefined;
  if (status === undefined) return undefined;
  const connectedAt = time(dialled.connectedTime);
  const endedAt = time(dialled.endTime);
  const disconnectType = normalizeDisconnectType(dialled.disconnectType);
  const snapshot: GenesysSnapshot = {
    checkedAt: now(),
    status,
    ...(connectedAt === undefined ? {} : { connectedAt }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(disconnectType === undefined ? {} : { disconnectType }),
  };
  if (status !== 'ended' || connectedAt !== undefined) return snapshot;
  const disconnectReason = await reasons(genesys, id, deadline);
  return disconnectReason === undefined ? snapshot : { ...snapshot, disconnectReason };
}

async function reasons(genesys: Pick<GenesysClient, 'getJson'>, id: string, deadline: number): Promise<DisconnectReasons | undefined> {
  let conversation: Record<string, unknown>;
  try {
    conversation = await genesys.getJson(`/api/v2/conversations/${id}`, deadline, ONE_ATTEMPT);
  } catch (error) {
    // Without conversation:communication:view the outcome is still known, only less precisely.
    if (REASONS_UNREADABLE.includes((error as { status?: unknown }).status as number)) return undefined;
    throw error;
  }
  const calls = dialledParty(conversation.participants)?.calls;
  const found: Record<string, DisconnectReason> = {};
  for (const call of Array.isArray(calls) ? calls : []) {
    const list = (call as { disconnectReasons?: unknown }).disconnectReasons;
    for (const reason of Array.isArray(list) ? list : []) {
      const { type, code, phrase } = (reason ?? {}) as Record<string, unknown>;
      if ((type !== 'sip' && type !== 'q850') || found[type] || typeof code !== 'number' || !Number.isInteger(code)) continue;
      found[type] = { code, ...(typeof phrase === 'string' ? { phrase: maskNumbersIn(phrase).slice(0, MAX_PHRASE_LENGTH) } : {}) };
    }
  }
  return Object.keys(found).length === 0 ? undefined : found;
}

function dialledParty(participants: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(participants)) return undefined;
  return participants.find(
    (participant): participant is Record<string, unknown> =>
      typeof participant === 'object' && participant !== null && DIALLED_PURPOSES.includes((participant as { purpose?: unknown }).purpose as string),
  );
}

function time(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

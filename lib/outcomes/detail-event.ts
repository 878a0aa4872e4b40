import type { Leg, LegEvent } from './call-record';
import { normalizeDisconnectType } from './disconnect-types';

/**
 * The topics the service subscribes to (doctor-outcomes §B2): `v2.detail.events.conversation.{id}.`
 * then the leg (`customer` is the dialled party, `user` the agent) and the phase.
 */
const TOPIC = /^v2\.detail\.events\.conversation\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(customer|user)\.(start|end)$/;

/** Why an event was dropped without being applied. None is retried: the same event would fail again. */
export const DROP_REASONS = {
  not_an_event: 'not an EventBridge event with a detail object',
  unknown_topic: 'detail.topicName is not a customer/user start/end conversation topic',
  no_event_body: 'detail.eventBody is not an object',
  bad_event_time: 'eventBody.eventTime is not an epoch-milliseconds time',
  conversation_mismatch: 'eventBody.conversationId is not the topic\'s conversation',
} as const;

export type DropReason = keyof typeof DROP_REASONS;

export type ParsedEvent = { ok: true; event: LegEvent } | { ok: false; reason: DropReason };

// Before Genesys Cloud existed, or more than a day ahead: not a real event time.
const EARLIEST_EVENT_TIME = Date.UTC(2015, 0, 1);
const MAX_CLOCK_SKEW_MS = 86_400_000;
// A week of talk: anything longer is not a duration a call reports.
const MAX_DURATION_MS = 7 * 86_400_000;

/**
 * An EventBridge delivery of a Genesys detail event (doctor-outcomes §B2: the topic is in
 * `detail.topicName`, the body in `detail.eventBody`, `eventTime` in epoch ms) → the few facts the
 * record keeps: leg, phase, time, talk time, disconnect type. Nothing else is read: the body's
 * `ani`, `dnis`, `addressTo` and `addressFrom` hold full phone numbers.
 */
export function parseDetailEvent(envelope: unknown, now = Date.now()): ParsedEvent {
  const detail = objectAt(envelope, 'detail');
  if (detail === undefined) return { ok: false, reason: 'not_an_event' };
  const topic = typeof detail.topicName === 'string' ? TOPIC.exec(detail.topicName) : null;
  if (topic === null) return { ok: false, reason: 'unknown_topic' };
  const [, conversationId, leg, phase] = topic;
  const body = objectAt(detail, 'eventBody');
  if (body === undefined) return { ok: false, reason: 'no_event_body' };
  const { eventTime } = body;
  if (typeof eventTime !== 'number' || !Number.isInteger(eventTime) || eventTime < EARLIEST_EVENT_TIME || eventTime > now + MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'bad_event_time' };
  }
  if (body.conversationId !== undefined && body.conversationId !== conversationId) return { ok: false, reason: 'conversation_mismatch' };

  const interactingMs = body.interactingDurationMs;
  const disconnectType = phase === 'end' ? normalizeDisconnectType(body.disconnectType) : undefined;
  return {
    ok: true,
    event: {
      conversationId,
      leg: leg as Leg,
      phase: phase as LegEvent['phase'],
      eventTime,
      // A malformed duration is left out rather than dropping the event: the end itself is the news.
      ...(phase === 'end' && isDuration(interactingMs) ? { interactingMs } : {}),
      ...(disconnectType === undefined ? {} : { disconnectType }),
    },
  };
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DURATION_MS;
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const child = (value as Record<string, unknown>)[key];
  return typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : undefined;
}

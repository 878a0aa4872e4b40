import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { EmulatedCall, Leg } from './emulated-call';

/** The conversation detail topics the service subscribes to (doctor-outcomes §B2, [PY] notificationMappings.json). */
export const DETAIL_TOPICS = ['user.start', 'customer.start', 'customer.end', 'user.end'] as const;
export type DetailTopic = (typeof DETAIL_TOPICS)[number];

/** The emulated organisation's id and EventBridge integration suffix (fake, fixed like the DEMO ids). */
export const EVENT_SOURCE = {
  orgId: 'e0000000-0000-4000-8000-0000000000a0',
  suffix: 'genesys-outbound-call-local',
  account: '123456789012',
  region: 'us-east-1',
} as const;

/** `aws.partner/genesys.com/cloud/<orgId>/<suffix>` (doctor-outcomes §B2 [EBMOD], [BP-DET]). */
export const PARTNER_EVENT_SOURCE = `aws.partner/genesys.com/cloud/${EVENT_SOURCE.orgId}/${EVENT_SOURCE.suffix}`;

/** What an EventBridge rule target receives (the AWS envelope around Genesys's `detail`). */
export type EventBridgeEnvelope = EventBridgeEvent<
  string,
  {
    topicName: string;
    version: '2';
    eventBody: Record<string, unknown>;
    metadata: { CorrelationId: string };
    timestamp: string;
  }
>;

/**
 * The event Genesys would put on the partner bus for `topic` of `call` at `eventTime`. The envelope
 * is SOURCED from real samples (doctor-outcomes §B2 [BP-OAU], [BP-PRE], [BP-STR]): `detail-type` is
 * the topic template with `{id}` kept, `detail.topicName` the concrete topic, `detail.version` "2",
 * `metadata.CorrelationId` with a capital C, `eventTime` in epoch ms. The body's field names are
 * SOURCED ([PY] models); their values for an agent-placed call are emulator choices (UNVERIFIED):
 * `provider`, the division, the caller id when none was sent, which legs send which topic and
 * when (see conversations.ts), and the disconnect types. `time` has whole seconds, as in the samples.
 */
export function detailEvent(topic: DetailTopic, call: EmulatedCall, eventTime: number): EventBridgeEnvelope {
  const leg = topic.startsWith('user.') ? call.agent : call.customer;
  const ended = topic.endsWith('.end');
  const eventBody = {
    eventTime,
    conversationId: call.id,
    participantId: leg.participantId,
    sessionId: leg.sessionId,
    mediaType: 'VOICE',
    provider: 'Edge',
    direction: 'OUTBOUND',
    // Real events carry the numbers in full: the service must never keep or log them.
    ani: call.callerId ?? 'tel:+13175550000',
    dnis: `tel:${call.phoneNumber}`,
    addressTo: `tel:${call.phoneNumber}`,
    addressFrom: call.callerId ?? 'tel:+13175550000',
    divisionId: 'e0000000-0000-4000-8000-0000000000d1',
    ...(topic.startsWith('user.') ? { userId: call.userId, ...(call.queueId ? { queueId: call.queueId } : {}) } : {}),
    ...(ended ? endFields(topic, leg) : {}),
  };
  return detailEnvelope(topic, call.id, eventBody);
}

/** The EventBridge envelope around a detail event's body; `ids` fixes the random ids (sample files). */
export function detailEnvelope(
  topic: DetailTopic,
  conversationId: string,
  eventBody: Record<string, unknown> & { eventTime: number },
  ids: { id: string; correlationId: string } = { id: randomUUID(), correlationId: randomUUID() },
): EventBridgeEnvelope {
  const template = `v2.detail.events.conversation.{id}.${topic}`;
  const timestamp = new Date(eventBody.eventTime).toISOString();
  return {
    version: '0',
    id: ids.id,
    'detail-type': template,
    source: PARTNER_EVENT_SOURCE,
    account: EVENT_SOURCE.account,
    time: `${timestamp.slice(0, 19)}Z`,
    region: EVENT_SOURCE.region,
    resources: [],
    detail: {
      topicName: template.replace('{id}', conversationId),
      version: '2',
      eventBody,
      metadata: { CorrelationId: ids.correlationId },
      timestamp,
    },
  };
}

/** customer.end / user.end: the disconnect type (upper snake case in detail events) and the durations. */
function endFields(topic: DetailTopic, leg: Leg): Record<string, unknown> {
  const interactingDurationMs = leg.connectedTime !== undefined && leg.endTime !== undefined ? leg.endTime - leg.connectedTime : 0;
  const fields: Record<string, unknown> = { disconnectType: leg.eventDisconnectType, interactingDurationMs };
  if (topic === 'user.end') {
    const alertingEnd = leg.connectedTime ?? leg.endTime ?? leg.startTime;
    Object.assign(fields, { heldDurationMs: 0, alertingDurationMs: 0, contactingDurationMs: 0, dialingDurationMs: alertingEnd - leg.startTime });
  }
  return fields;
}

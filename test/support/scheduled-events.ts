import type { ScheduledEvent } from 'aws-lambda';
import scheduledEnvelope from '../fixtures/aws-events/eventbridge-scheduled-event.json';

/** What a rule with a constant input delivers: that JSON, as the whole event. */
export function constantInput(calls: unknown[]): { calls: unknown[] } {
  return { calls };
}

/**
 * What a rule with the input transformer of serverless.yml delivers: the event's `id` and scheduled
 * `time` (taken from the envelope, here the fixture's) beside the constant list.
 */
export function transformedInput(calls: unknown[], event: { id: string; time: string } = scheduledEnvelope): { id: string; time: string; calls: unknown[] } {
  return { id: event.id, time: event.time, calls };
}

/**
 * The Scheduled Event envelope EventBridge really delivers (test/fixtures/aws-events), with the
 * list in `detail.calls`; everything else is the fixture's.
 */
export function scheduledEvent(calls: unknown[]): ScheduledEvent<{ calls: unknown[] }> {
  return { ...structuredClone(scheduledEnvelope), detail: { calls } } as ScheduledEvent<{ calls: unknown[] }>;
}

/** The envelope as a rule without input sends it: an empty detail, so no list of calls. */
export function scheduledEventWithoutInput(): ScheduledEvent {
  return structuredClone(scheduledEnvelope) as ScheduledEvent;
}

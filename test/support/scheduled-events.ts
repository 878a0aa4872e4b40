import type { ScheduledEvent } from 'aws-lambda';
import scheduledEnvelope from '../fixtures/aws-events/eventbridge-scheduled-event.json';

/** What a rule with a constant input delivers: that JSON, as the whole event. */
export function constantInput(calls: unknown[]): { calls: unknown[] } {
  return { calls };
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

import { ProblemError } from '../../lib/problems/errors';
import { readScheduleEvent } from '../../lib/scheduled/schedule-event';
import { constantInput, scheduledEvent, scheduledEventWithoutInput, transformedInput } from '../support/scheduled-events';

function refusal(event: unknown): { code: string; field?: string; detail: string } {
  try {
    readScheduleEvent(event);
  } catch (error) {
    if (error instanceof ProblemError) return { code: error.code, field: error.details.field, detail: error.details.detail };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readScheduleEvent', () => {
  describe('reads both shapes', () => {
    it("reads a rule's constant input {calls: [...]} as it is", () => {
      // Prepare
      const calls = [{ to: '+1 202 555 0143' }, { to: 'anything: items are checked later' }];

      // Act
      const request = readScheduleEvent(constantInput(calls));

      // Assess
      expect(request).toEqual({ calls, source: { kind: 'constant_input' } });
    });

    it('reads detail.calls of the Scheduled Event envelope, with the event id and rule for the logs', () => {
      // Prepare
      const calls = [{ to: '+1 202 555 0143' }];

      // Act
      const request = readScheduleEvent(scheduledEvent(calls));

      // Assess
      expect(request).toEqual({
        calls,
        source: {
          kind: 'event',
          eventId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
          detailType: 'Scheduled Event',
          rule: 'arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule',
          time: '2015-10-08T16:53:06Z',
        },
      });
    });

    it("reads the input of the example rule's transformer {id, time, calls} with the event's id and time", () => {
      // Prepare
      const calls = [{ to: '+1 202 555 0143' }];

      // Act
      const request = readScheduleEvent(transformedInput(calls));

      // Assess
      expect(request).toEqual({
        calls,
        source: { kind: 'transformed_input', eventId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa', time: '2015-10-08T16:53:06Z' },
      });
    });

    it('reads a transformed input that passes the id alone', () => {
      // Act
      const request = readScheduleEvent({ id: 'e-1', calls: [] });

      // Assess
      expect(request.source).toEqual({ kind: 'transformed_input', eventId: 'e-1' });
    });

    it('accepts an empty list: nothing to call is not an error', () => {
      // Act
      const request = readScheduleEvent(constantInput([]));

      // Assess
      expect(request.calls).toEqual([]);
    });
  });

  describe('refuses anything else with invalid_request saying what was expected', () => {
    it('a Scheduled Event without input (empty detail) → points at the rule constant input', () => {
      // Act
      const problem = refusal(scheduledEventWithoutInput());

      // Assess
      expect(problem).toEqual({
        code: 'invalid_request',
        field: 'detail.calls',
        detail:
          'The EventBridge event (Scheduled Event) has no detail.calls: a scheduled rule without input sends an empty detail. Give the rule a constant input such as {"calls": [{"to": "+1 202 555 0143"}]}.',
      });
    });

    const cases: Array<[string, unknown, string | undefined]> = [
      ['null', null, undefined],
      ['an array', [{ to: '+1 202 555 0143' }], undefined],
      ['a string', 'calls', undefined],
      ['an object without calls', { call: [] }, 'call'],
      ['calls that is not an array', { calls: { to: '+1 202 555 0143' } }, 'calls'],
      ['a misspelt extra key', { calls: [], dryrun: true }, 'dryrun'],
      ['an envelope whose detail.calls is not an array', { ...scheduledEventWithoutInput(), detail: { calls: 'x' } }, 'detail.calls'],
      ['an envelope with an extra detail key', { ...scheduledEventWithoutInput(), detail: { calls: [], campaign: 'x' } }, 'detail.campaign'],
      ['an id that is not a string', { id: 42, time: '2026-11-28T08:00:00Z', calls: [] }, 'id'],
      ['an empty id', { id: '', calls: [] }, 'id'],
      ['an id left as the template placeholder', { id: '<id>', time: '2026-11-28T08:00:00Z', calls: [] }, 'id'],
      ['a time left as the template placeholder', { id: 'e-1', time: '<time>', calls: [] }, 'time'],
      ['a time without an id', { time: '2026-11-28T08:00:00Z', calls: [] }, 'id'],
    ];
    it.each(cases)('%s', (_name, event, field) => {
      // Act
      const problem = refusal(event);

      // Assess
      expect({ code: problem.code, field: problem.field }).toEqual({ code: 'invalid_request', field });
    });
  });
});

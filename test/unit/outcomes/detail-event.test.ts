import fc from 'fast-check';
import { parseDetailEvent } from '../../../lib/outcomes/detail-event';

// What parseDetailEvent keeps of a Genesys detail event, and what it drops, edge by edge; the
// broader cases (every field of a generated event, numbers in them) are test/unit/call-outcome.test.ts
// and test/fuzz/call-events.fuzz.test.ts.

const ID = '2f7bf00a-0fc2-4d6a-9b56-92238191433e';
const NOW = Date.UTC(2026, 10, 28, 8, 1, 0);
const AT = Date.UTC(2026, 10, 28, 8, 0, 0);
const EARLIEST = Date.UTC(2015, 0, 1);
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const topic = (leg: string, phase: string) => `v2.detail.events.conversation.${ID}.${leg}.${phase}`;
const envelope = (topicName: unknown, eventBody: unknown) => ({ version: '0', detail: { topicName, version: '2', eventBody } });

describe('parseDetailEvent', () => {
  describe('the envelope', () => {
    it.each([
      ['null', null],
      ['a string', 'event'],
      ['a detail that is null', { detail: null }],
      ['a detail that is a list', { detail: [{ topicName: topic('user', 'start') }] }],
      ['a detail that is text', { detail: 'x' }],
    ])('drops %s as not an event', (_case, input) => {
      // Act
      const parsed = parseDetailEvent(input, NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: false, reason: 'not_an_event' });
    });

    it('drops any value without a detail object as not an event, and never throws, whatever it is', () => {
      // Prepare: any value at all (undefined, numbers, text, lists, objects…), none with a detail object.
      const hasDetailObject = (value: unknown) => {
        const detail = typeof value === 'object' && value !== null ? (value as { detail?: unknown }).detail : undefined;
        return typeof detail === 'object' && detail !== null && !Array.isArray(detail);
      };
      const notAnEvent = fc.oneof(fc.constant(undefined), fc.anything()).filter((value) => !hasDetailObject(value));

      fc.assert(
        fc.property(notAnEvent, (input) => {
          // Act
          const parsed = parseDetailEvent(input, NOW);

          // Assess
          expect(parsed).toStrictEqual({ ok: false, reason: 'not_an_event' });
        }),
        { numRuns: 500 },
      );
    });

    it.each([
      ['a topic that is not text, though it would read as one', [topic('user', 'start')]],
      ['a topic with something before it', `x.${topic('user', 'start')}`],
      ['a topic with something after it', `${topic('user', 'start')}.extra`],
      ['another leg', topic('acd', 'start')],
      ['a conversation id in capitals', topic('user', 'start').replace(ID, ID.toUpperCase())],
    ])('drops %s as an unknown topic', (_case, topicName) => {
      // Act
      const parsed = parseDetailEvent(envelope(topicName, { eventTime: AT }), NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: false, reason: 'unknown_topic' });
    });

    it.each([
      ['null', null],
      ['a list', [{ eventTime: AT }]],
      ['text', 'body'],
    ])('drops a body that is %s', (_case, body) => {
      // Act
      const parsed = parseDetailEvent(envelope(topic('user', 'start'), body), NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: false, reason: 'no_event_body' });
    });
  });

  describe('eventTime', () => {
    it.each([
      ['text', String(AT)],
      ['a fraction of a millisecond', AT + 0.5],
      ['before 2015', EARLIEST - 1],
      ['more than a day ahead', NOW + DAY_MS + 1],
    ])('drops a time that is %s', (_case, eventTime) => {
      // Act
      const parsed = parseDetailEvent(envelope(topic('user', 'start'), { eventTime }), NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: false, reason: 'bad_event_time' });
    });

    it.each([
      ['the first instant of 2015', EARLIEST],
      ['exactly a day ahead', NOW + DAY_MS],
    ])('keeps %s', (_case, eventTime) => {
      // Act
      const parsed = parseDetailEvent(envelope(topic('user', 'start'), { eventTime }), NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: true, event: { conversationId: ID, leg: 'user', phase: 'start', eventTime } });
    });
  });

  describe('the body', () => {
    it('keeps an event whose body names no conversation', () => {
      // Act
      const parsed = parseDetailEvent(envelope(topic('customer', 'start'), { eventTime: AT }), NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: true, event: { conversationId: ID, leg: 'customer', phase: 'start', eventTime: AT } });
    });

    it('keeps neither talk time nor disconnect type from a start, whatever it says', () => {
      // Act
      const parsed = parseDetailEvent(envelope(topic('user', 'start'), { eventTime: AT, conversationId: ID, interactingDurationMs: 1000, disconnectType: 'ENDPOINT' }), NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: true, event: { conversationId: ID, leg: 'user', phase: 'start', eventTime: AT } });
    });

    it('leaves the disconnect type out of an end that gives none', () => {
      // Act
      const parsed = parseDetailEvent(envelope(topic('user', 'end'), { eventTime: AT, interactingDurationMs: 0 }), NOW);

      // Assess
      expect(parsed).toStrictEqual({ ok: true, event: { conversationId: ID, leg: 'user', phase: 'end', eventTime: AT, interactingMs: 0 } });
    });

    it.each([
      ['no talk', 0, 0],
      ['a week of talk, the longest kept', WEEK_MS, WEEK_MS],
      ['more than a week', WEEK_MS + 1, undefined],
      ['a negative duration', -1, undefined],
      ['a fraction', 1500.5, undefined],
      ['text', '1500', undefined],
    ])("keeps an end's talk time of %s as %p, and the end all the same", (_case, interactingDurationMs, kept) => {
      // Act
      const parsed = parseDetailEvent(envelope(topic('customer', 'end'), { eventTime: AT, interactingDurationMs, disconnectType: 'PEER' }), NOW);

      // Assess
      expect(parsed).toStrictEqual({
        ok: true,
        event: { conversationId: ID, leg: 'customer', phase: 'end', eventTime: AT, ...(kept === undefined ? {} : { interactingMs: kept }), disconnectType: 'peer' },
      });
    });
  });
});

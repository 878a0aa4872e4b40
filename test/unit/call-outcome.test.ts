import fc from 'fast-check';
import type { CallRecord, LegEvent } from '../../lib/outcomes/call-record';
import { applyEvent, applySnapshot } from '../../lib/outcomes/call-record';
import { DISCONNECT_TYPES, normalizeDisconnectType } from '../../lib/outcomes/disconnect-types';
import { parseDetailEvent } from '../../lib/outcomes/detail-event';
import { isSettled, outcomeOf } from '../../lib/outcomes/outcome';

const ID = '2f7bf00a-0fc2-4d6a-9b56-92238191433e';
const PLACED_AT = Date.UTC(2026, 10, 28, 8, 0, 0);
const placed: CallRecord = { conversationId: ID, placedAt: PLACED_AT, to: '+*******0100', expiration: 0, version: 1 };

const event = (leg: LegEvent['leg'], phase: LegEvent['phase'], afterMs: number, extra: Partial<LegEvent> = {}): LegEvent => ({
  conversationId: ID,
  leg,
  phase,
  eventTime: PLACED_AT + afterMs,
  ...extra,
});

const answeredCall = [
  event('user', 'start', 100),
  event('customer', 'start', 3000),
  event('customer', 'end', 63_000, { interactingMs: 60_000, disconnectType: 'endpoint' }),
  event('user', 'end', 63_000, { interactingMs: 60_000, disconnectType: 'peer' }),
];

const applyAll = (events: readonly LegEvent[]) => events.reduce(applyEvent, placed);

describe('call outcome', () => {
  describe('applyEvent then outcomeOf', () => {
    it('reads an answered call: connected at customer.start, ended with its talk time and the dialled party\'s disconnect type', () => {
      // Act
      const outcome = outcomeOf(applyAll(answeredCall));

      // Assess
      expect(outcome).toEqual({
        conversationId: ID,
        status: 'ended',
        answered: true,
        disconnectType: 'endpoint',
        placedAt: '2026-11-28T08:00:00.000Z',
        connectedAt: '2026-11-28T08:00:03.000Z',
        endedAt: '2026-11-28T08:01:03.000Z',
        talkSeconds: 60,
        to: '+*******0100',
        source: 'events',
      });
    });

    it('reads a call that ended without talk time as not answered, even after a customer.start', () => {
      // Act
      const outcome = outcomeOf(applyAll([event('user', 'start', 0), event('customer', 'start', 10), event('customer', 'end', 9000, { interactingMs: 0, disconnectType: 'timeout' })]));

      // Assess
      expect([outcome.status, outcome.answered, outcome.connectedAt, outcome.talkSeconds, outcome.disconnectType]).toEqual(['ended', false, undefined, 0, 'timeout']);
    });

    it.each([
      ['no event', [], 'placed', null],
      ['user.start', [event('user', 'start', 0)], 'ringing', null],
      ['user.start and customer.start', [event('user', 'start', 0), event('customer', 'start', 10)], 'connected', true],
    ] as const)('reads a call with %s as %s, answered %s', (_name, events, status, answered) => {
      // Act
      const outcome = outcomeOf(applyAll(events));

      // Assess
      expect([outcome.status, outcome.answered]).toEqual([status, answered]);
    });

    it('gives the same record for any order and any duplication of the same events', () => {
      // Prepare
      const events = fc.constantFrom(...answeredCall, event('customer', 'end', 63_000, { interactingMs: 59_000, disconnectType: 'peer' }));

      fc.assert(
        fc.property(fc.array(events, { minLength: 1, maxLength: 12 }), (list) => {
          // Act
          const forward = applyAll(list);
          const backward = applyAll([...list].reverse());
          const doubled = applyAll([...list, ...list]);

          // Assess
          expect(backward).toEqual(forward);
          expect(doubled).toEqual(forward);
        }),
      );
    });

    it('never lets a start that arrives after the end undo the end', () => {
      // Act
      const record = applyAll([event('customer', 'end', 5000, { interactingMs: 0, disconnectType: 'endpoint' }), event('user', 'start', 0), event('customer', 'start', 100)]);

      // Assess
      expect(outcomeOf(record).status).toBe('ended');
    });

    it('returns the very record for an event it already knows, so nothing is written', () => {
      // Prepare
      const record = applyAll(answeredCall);

      // Act
      const again = applyEvent(record, answeredCall[2]);

      // Assess
      expect(again).toBe(record);
    });
  });

  describe('applySnapshot then outcomeOf', () => {
    it('takes a busy call\'s status, dates and reasons from Genesys when no event came', () => {
      // Prepare
      const snapshot = {
        checkedAt: PLACED_AT + 10_000,
        status: 'ended' as const,
        endedAt: PLACED_AT + 4000,
        disconnectType: 'endpoint' as const,
        disconnectReason: { sip: { code: 486, phrase: 'Busy Here' }, q850: { code: 17, phrase: 'User busy' } },
      };

      // Act
      const record = applySnapshot(placed, snapshot);

      // Assess
      expect(outcomeOf(record)).toMatchObject({ status: 'ended', answered: false, talkSeconds: 0, source: 'genesys', disconnectReason: snapshot.disconnectReason });
      expect(isSettled(record)).toBe(true);
    });

    it('keeps the events as the source when they know as much as Genesys', () => {
      // Act
      const record = applySnapshot(applyAll(answeredCall), { checkedAt: PLACED_AT + 70_000, status: 'ended', connectedAt: PLACED_AT + 3000, endedAt: PLACED_AT + 63_000 });

      // Assess
      expect(outcomeOf(record).source).toBe('events');
    });
  });

  describe('isSettled', () => {
    it('is false for an unanswered end without a reason until Genesys was asked', () => {
      // Prepare
      const ended = applyAll([event('customer', 'end', 5000, { interactingMs: 0, disconnectType: 'endpoint' })]);

      // Act + Assess
      expect([isSettled(placed), isSettled(ended), isSettled(applyAll(answeredCall))]).toEqual([false, false, true]);
    });
  });
});

describe('normalizeDisconnectType', () => {
  it.each([
    ['NO_ANSWER_TRANSFER', 'noAnswerTransfer'],
    ['transfer.noanswer', 'noAnswerTransfer'],
    ['noAnswerTransfer', 'noAnswerTransfer'],
    ['DND_ENDPOINT', 'dndEndpoint'],
    ['endpoint.donotdisturb', 'dndEndpoint'],
    ['endpoint.dnd', 'dndEndpoint'],
    ['TRANSPORT_FAILURE', 'transportFailure'],
    ['+14155550100', 'unknown'],
    [42, 'unknown'],
    [undefined, undefined],
  ])('reads %p as %p', (input, expected) => {
    // Act + Assess
    expect(normalizeDisconnectType(input)).toBe(expected);
  });

  it('maps every spelling in the table to its own row', () => {
    // Act
    const mismatches = Object.entries(DISCONNECT_TYPES).flatMap(([ours, spellings]) =>
      spellings.filter((spelling) => normalizeDisconnectType(spelling) !== ours).map((spelling) => `${spelling} → ${ours}`),
    );

    // Assess
    expect(mismatches).toEqual([]);
  });
});

describe('parseDetailEvent', () => {
  const envelope = (topic: string, eventBody: unknown) => ({ version: '0', 'detail-type': 'x', detail: { topicName: topic, version: '2', eventBody } });
  const NOW = PLACED_AT + 60_000;

  it('reads a customer.end, keeping only leg, phase, time, talk time and disconnect type', () => {
    // Act
    const parsed = parseDetailEvent(
      envelope(`v2.detail.events.conversation.${ID}.customer.end`, {
        eventTime: PLACED_AT,
        conversationId: ID,
        ani: 'tel:+13175550000',
        dnis: 'tel:+14155550100',
        disconnectType: 'ENDPOINT',
        interactingDurationMs: 1500,
      }),
      NOW,
    );

    // Assess
    expect(parsed).toEqual({
      ok: true,
      event: { conversationId: ID, leg: 'customer', phase: 'end', eventTime: PLACED_AT, interactingMs: 1500, disconnectType: 'endpoint' },
    });
  });

  it.each([
    ['no detail', { version: '0' }, 'not_an_event'],
    ['another topic', envelope(`v2.detail.events.conversation.${ID}.acd.end`, { eventTime: PLACED_AT }), 'unknown_topic'],
    ['no body', envelope(`v2.detail.events.conversation.${ID}.user.start`, 'text'), 'no_event_body'],
    ['an ISO eventTime', envelope(`v2.detail.events.conversation.${ID}.user.start`, { eventTime: '2026-11-28T08:00:00Z' }), 'bad_event_time'],
    ['an eventTime a year ahead', envelope(`v2.detail.events.conversation.${ID}.user.start`, { eventTime: NOW + 365 * 86_400_000 }), 'bad_event_time'],
    ['another conversation in the body', envelope(`v2.detail.events.conversation.${ID}.user.start`, { eventTime: PLACED_AT, conversationId: 'x' }), 'conversation_mismatch'],
  ])('drops an event with %s', (_name, input, reason) => {
    // Act + Assess
    expect(parseDetailEvent(input, NOW)).toEqual({ ok: false, reason });
  });
});

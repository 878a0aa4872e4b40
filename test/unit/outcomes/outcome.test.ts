import type { CallRecord, GenesysSnapshot, LegFacts } from '../../../lib/outcomes/call-record';
import { isSettled, outcomeChanged, outcomeKey, outcomeOf } from '../../../lib/outcomes/outcome';

// outcomeOf read from records written directly, one rule at a time, compared whole (toStrictEqual:
// a field that should be absent must be absent, not undefined). test/unit/call-outcome.test.ts reads
// records built by applying events and snapshots.

const ID = '2f7bf00a-0fc2-4d6a-9b56-92238191433e';
const T = Date.UTC(2026, 10, 28, 8, 0, 0);
const iso = (afterMs: number) => new Date(T + afterMs).toISOString();
const placed: CallRecord = { conversationId: ID, placedAt: T, to: '+*******0100', expiration: 0, version: 1 };
const record = (customer?: LegFacts, user?: LegFacts, genesys?: GenesysSnapshot): CallRecord => ({
  ...placed,
  legs: { ...(customer ? { customer } : {}), ...(user ? { user } : {}) },
  ...(genesys ? { genesys } : {}),
});
const base = { conversationId: ID, placedAt: iso(0), to: '+*******0100' };

describe('outcomeOf', () => {
  it('reads a call only placed: no answer yet, no source, nothing else', () => {
    // Act
    const outcome = outcomeOf(placed);

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'placed', answered: null });
  });

  it('keeps the country, user and label the record has', () => {
    // Act
    const outcome = outcomeOf({ ...placed, toCountry: 'US', userId: 'e0000000-0000-4000-8000-000000000001', label: 'renewals' });

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'placed', answered: null, toCountry: 'US', userId: 'e0000000-0000-4000-8000-000000000001', label: 'renewals' });
  });

  it('reads the agent leg ringing as ringing: not answered yet, no talk time', () => {
    // Act
    const outcome = outcomeOf(record(undefined, { startedAt: T + 100 }));

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'ringing', answered: null, source: 'events' });
  });

  it('reads the dialled party on the call as connected and answered, from when it joined', () => {
    // Act
    const outcome = outcomeOf(record({ startedAt: T + 3000 }, { startedAt: T + 100 }));

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'connected', answered: true, connectedAt: iso(3000), source: 'events' });
  });

  it("takes an answered end's talk time as reported, and the dialled party's join as connectedAt", () => {
    // Act: joined at 2 s, talked 60 s, ended at 63 s (the talk time is not end minus join).
    const outcome = outcomeOf(record({ startedAt: T + 2000, endedAt: T + 63_000, interactingMs: 60_000, disconnectType: 'endpoint' }));

    // Assess
    expect(outcome).toStrictEqual({
      ...base,
      status: 'ended',
      answered: true,
      disconnectType: 'endpoint',
      connectedAt: iso(2000),
      endedAt: iso(63_000),
      talkSeconds: 60,
      source: 'events',
    });
  });

  it('reads an end of the agent leg alone: ended when it ended, as it ended, answered from its talk time', () => {
    // Act: no customer event at all.
    const outcome = outcomeOf(record(undefined, { startedAt: T + 100, endedAt: T + 40_000, interactingMs: 30_000, disconnectType: 'peer' }));

    // Assess: connectedAt is worked back from the end and the talk time.
    expect(outcome).toStrictEqual({
      ...base,
      status: 'ended',
      answered: true,
      disconnectType: 'peer',
      connectedAt: iso(10_000),
      endedAt: iso(40_000),
      talkSeconds: 30,
      source: 'events',
    });
  });

  it("prefers the dialled party's end to the agent's for the disconnect type and dates", () => {
    // Act
    const outcome = outcomeOf(record({ startedAt: T + 3000, endedAt: T + 30_000, interactingMs: 27_000, disconnectType: 'endpoint' }, { startedAt: T, endedAt: T + 31_000, interactingMs: 27_000, disconnectType: 'peer' }));

    // Assess
    expect(outcome).toMatchObject({ disconnectType: 'endpoint', endedAt: iso(30_000) });
  });

  it("reads an end with no talk time reported as answered when the dialled party had joined", () => {
    // Act
    const outcome = outcomeOf(record({ startedAt: T + 3000 }, { startedAt: T, endedAt: T + 33_000 }));

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'ended', answered: true, connectedAt: iso(3000), endedAt: iso(33_000), talkSeconds: 30, source: 'events' });
  });

  it('reads an end with talk time 0 reported by the agent leg as unanswered, though the dialled party joined', () => {
    // Act
    const outcome = outcomeOf(record({ startedAt: T + 3000 }, { startedAt: T, endedAt: T + 33_000, interactingMs: 0, disconnectType: 'peer' }));

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'ended', answered: false, disconnectType: 'peer', endedAt: iso(33_000), talkSeconds: 0, source: 'events' });
  });

  it("takes Genesys's connectedTime as the answer when the events report no talk, and the talk time from it", () => {
    // Act
    const outcome = outcomeOf(
      record(undefined, { startedAt: T, endedAt: T + 63_000, interactingMs: 0 }, { checkedAt: T + 70_000, status: 'ended', connectedAt: T + 3000, endedAt: T + 63_000 }),
    );

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'ended', answered: true, connectedAt: iso(3000), endedAt: iso(63_000), talkSeconds: 60, source: 'events' });
  });

  it('gives an answered end no talk time when Genesys said when it connected but not when it ended', () => {
    // Act: no events; Genesys saw it connected, then ended, without an end time.
    const outcome = outcomeOf(record(undefined, undefined, { checkedAt: T + 70_000, status: 'ended', connectedAt: T + 3000 }));

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'ended', answered: true, connectedAt: iso(3000), talkSeconds: 0, source: 'genesys' });
  });

  it('takes the status from Genesys when it knows more than the events, and says so', () => {
    // Act: the events saw it ring; Genesys saw it end.
    const outcome = outcomeOf(record(undefined, { startedAt: T + 100 }, { checkedAt: T + 70_000, status: 'ended', endedAt: T + 20_000, disconnectType: 'endpoint' }));

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'ended', answered: false, disconnectType: 'endpoint', endedAt: iso(20_000), talkSeconds: 0, source: 'genesys' });
  });

  it('reads a call Genesys saw connected without a connectedTime as connected and answered, with no connectedAt', () => {
    // Act: no event came; the lookup's dialled party is connected and gives no connectedTime (genesys-lookup.ts keeps it so).
    const outcome = outcomeOf(record(undefined, undefined, { checkedAt: T + 10_000, status: 'connected' }));

    // Assess
    expect(outcome).toStrictEqual({ ...base, status: 'connected', answered: true, source: 'genesys' });
  });

  it('keeps the events as the source when they know as much as Genesys', () => {
    // Act
    const outcome = outcomeOf(record({ startedAt: T + 3000 }, undefined, { checkedAt: T + 10_000, status: 'connected', connectedAt: T + 3000 }));

    // Assess
    expect(outcome).toMatchObject({ status: 'connected', source: 'events' });
  });
});

describe('isSettled', () => {
  const unansweredEnd = record({ endedAt: T + 20_000, interactingMs: 0, disconnectType: 'endpoint' });

  it.each([
    ['a call only placed', placed, false],
    ['a connected call, answered but not over', record({ startedAt: T + 3000 }), false],
    ['an answered end', record({ startedAt: T + 3000, endedAt: T + 63_000, interactingMs: 60_000 }), true],
    ['an unanswered end Genesys was not asked about', unansweredEnd, false],
    ['an unanswered end Genesys was asked about since it ended', { ...unansweredEnd, genesys: { checkedAt: T + 30_000, status: 'ended' as const } }, true],
    ['an unanswered end Genesys last saw ringing', { ...unansweredEnd, genesys: { checkedAt: T + 10_000, status: 'ringing' as const } }, false],
    ['an unanswered end whose reasons are known', { ...unansweredEnd, genesys: { checkedAt: T + 10_000, status: 'ringing' as const, disconnectReason: { sip: { code: 486 } } } }, true],
  ] as Array<[string, CallRecord, boolean]>)('is %s: %p', (_case, candidate, settled) => {
    // Act
    const answer = isSettled(candidate);

    // Assess
    expect(answer).toBe(settled);
  });
});

describe('outcomeKey and outcomeChanged', () => {
  const ended = outcomeOf(record({ startedAt: T + 3000, endedAt: T + 63_000, interactingMs: 60_000, disconnectType: 'endpoint' }));

  it('see a change of status, answer, disconnect type or reason, or talk time', () => {
    // Act
    const changes = [
      { ...ended, status: 'connected' as const },
      { ...ended, answered: false },
      { ...ended, disconnectType: 'peer' as const },
      { ...ended, disconnectReason: { sip: { code: 486 } } },
      { ...ended, talkSeconds: 61 },
    ].map((after) => outcomeChanged(ended, after));

    // Assess
    expect(changes).toEqual([true, true, true, true, true]);
  });

  it('see no change in dates, the label or the source alone', () => {
    // Act
    const changes = [{ ...ended, endedAt: iso(64_000) }, { ...ended, connectedAt: iso(4000) }, { ...ended, label: 'other' }, { ...ended, source: 'genesys' as const }].map((after) =>
      outcomeChanged(ended, after),
    );

    // Assess
    expect(changes).toEqual([false, false, false, false]);
    expect(outcomeKey(ended)).toBe(JSON.stringify(['ended', true, 'endpoint', undefined, 60]));
  });
});

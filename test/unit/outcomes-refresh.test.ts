import type { CallRecord } from '../../lib/outcomes/call-record';
import { lookUpDue, lookupNote } from '../../lib/outcomes/refresh';

const PLACED_AT = Date.UTC(2026, 10, 28, 8, 0, 0);
const WINDOW = 5000;
const placed: CallRecord = { conversationId: '2f7bf00a-0fc2-4d6a-9b56-92238191433e', placedAt: PLACED_AT, to: '+*******0100', expiration: 0, version: 1 };
const ended: CallRecord = { ...placed, legs: { customer: { startedAt: PLACED_AT + 1000, endedAt: PLACED_AT + 9000, interactingMs: 8000 } } };

describe('lookUpDue', () => {
  it.each([
    ['a call younger than the window', placed, PLACED_AT + WINDOW - 1, false],
    ['a call as old as the window, never looked up', placed, PLACED_AT + WINDOW, true],
    ['a settled call (answered and ended)', ended, PLACED_AT + 60_000, false],
    ['a call whose last lookup was claimed less than a window ago', { ...placed, lookup: { claimedAt: PLACED_AT + 10_000 } }, PLACED_AT + 10_000 + WINDOW - 1, false],
    ['a call whose last lookup was claimed a window ago', { ...placed, lookup: { claimedAt: PLACED_AT + 10_000 } }, PLACED_AT + 10_000 + WINDOW, true],
    ['a call whose last lookup failed less than a window ago', { ...placed, lookup: { claimedAt: PLACED_AT + 10_000, failure: { reason: 'genesys_unavailable', detail: 'x' } } }, PLACED_AT + 12_000, false],
    ['a call Genesys answered 404 for, however long ago', { ...placed, lookup: { claimedAt: PLACED_AT + 10_000, stopped: true, failure: { reason: 'genesys_unexpected_response', detail: 'x' } } }, PLACED_AT + 86_400_000, false],
    ['a call with a snapshot taken less than a window ago (a record of before claims)', { ...placed, genesys: { checkedAt: PLACED_AT + 10_000, status: 'ringing' } }, PLACED_AT + 12_000, false],
    ['a call with a snapshot taken a window ago', { ...placed, genesys: { checkedAt: PLACED_AT + 10_000, status: 'ringing' } }, PLACED_AT + 15_000, true],
  ] as Array<[string, CallRecord, number, boolean]>)('%s: %p', (_case, record, now, due) => {
    // Act
    const answer = lookUpDue(record, now, WINDOW);

    // Assess
    expect(answer).toBe(due);
  });
});

describe('lookupNote', () => {
  it('says nothing of a lookup that succeeded or runs', () => {
    // Act
    const notes = [lookupNote(placed, WINDOW), lookupNote({ ...placed, lookup: { claimedAt: PLACED_AT } }, WINDOW)];

    // Assess
    expect(notes).toEqual([{}, {}]);
  });

  it('says why a lookup taught nothing, when it was made and when the next may be', () => {
    // Act
    const note = lookupNote({ ...placed, lookup: { claimedAt: PLACED_AT + 6000, failure: { reason: 'genesys_unavailable', detail: 'Genesys answered 503.' } } }, WINDOW);

    // Assess
    expect(note).toEqual({
      lookup: { reason: 'genesys_unavailable', detail: 'Genesys answered 503.', lookedUpAt: '2026-11-28T08:00:06.000Z', nextLookupAt: '2026-11-28T08:00:11.000Z' },
    });
  });

  it('names no next lookup once lookups stopped', () => {
    // Act
    const note = lookupNote({ ...placed, lookup: { claimedAt: PLACED_AT + 6000, stopped: true, failure: { reason: 'genesys_unexpected_response', detail: 'unknown' } } }, WINDOW);

    // Assess
    expect(note).toEqual({ lookup: { reason: 'genesys_unexpected_response', detail: 'unknown', lookedUpAt: '2026-11-28T08:00:06.000Z' } });
  });
});

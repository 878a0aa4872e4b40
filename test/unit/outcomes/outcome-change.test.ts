import type { CallRecord } from '../../../lib/outcomes/call-record';
import type { CallOutcome } from '../../../lib/outcomes/outcome';
import { outcomeOf } from '../../../lib/outcomes/outcome';
import type { OutcomeChange } from '../../../lib/outcomes/outcome-change';
import { outcomeChangeOf, publishOutcomeChange, reportOutcomeChange } from '../../../lib/outcomes/outcome-change';
import type { OutcomeEvents } from '../../../lib/outcomes/outcome-events';
import { metrics } from '../../../lib/telemetry/metrics';
import { captureLogs } from '../../support/capture-logs';
import { captureEmf, totalsByCode } from '../../support/emf';

const ID = '2f7bf00a-0fc2-4d6a-9b56-92238191433e';
const PLACED_AT = Date.UTC(2026, 10, 28, 8, 0, 0);
const placed: CallRecord = { conversationId: ID, placedAt: PLACED_AT, to: '+*******0100', expiration: 0, version: 1 };
const withLegs = (legs: CallRecord['legs']): CallRecord => ({ ...placed, legs });
const ringing = withLegs({ user: { startedAt: PLACED_AT + 100 } });
const connected = withLegs({ user: { startedAt: PLACED_AT + 100 }, customer: { startedAt: PLACED_AT + 3000 } });
const answeredEnd = withLegs({ customer: { startedAt: PLACED_AT + 3000, endedAt: PLACED_AT + 63_000, interactingMs: 60_000, disconnectType: 'endpoint' } });
const unansweredEnd = withLegs({ user: { startedAt: PLACED_AT + 100, endedAt: PLACED_AT + 20_000, interactingMs: 0, disconnectType: 'peer' } });

const change = (before: CallRecord, after: CallRecord): OutcomeChange => ({ before: outcomeOf(before), after: outcomeOf(after) });

/** The CallOutcomes metric `report` counts, per code. */
async function callOutcomesCounted(report: () => void): Promise<Record<string, number>> {
  const { lines } = await captureEmf(() => {
    report();
    metrics.publish();
  });
  return totalsByCode(lines, 'CallOutcomes');
}

describe('outcomeChangeOf', () => {
  it('is the outcome before and after when the status changes', () => {
    // Act
    const found = outcomeChangeOf(placed, ringing);

    // Assess
    expect(found).toEqual({ before: outcomeOf(placed), after: outcomeOf(ringing) });
  });

  it('is nothing when only dates change, or nothing does', () => {
    // Prepare: an earlier start of the same leg moves a date, not the outcome.
    const earlier = withLegs({ user: { startedAt: PLACED_AT + 50 } });

    // Act
    const found = [outcomeChangeOf(ringing, earlier), outcomeChangeOf(ringing, ringing)];

    // Assess
    expect(found).toEqual([undefined, undefined]);
  });

  it('sees a change of talk time or disconnect type in an ended call', () => {
    // Prepare
    const longer = withLegs({ customer: { ...answeredEnd.legs!.customer, endedAt: PLACED_AT + 93_000, interactingMs: 90_000 } });
    const otherType = withLegs({ customer: { ...answeredEnd.legs!.customer, disconnectType: 'peer' } });

    // Act
    const found = [outcomeChangeOf(answeredEnd, longer), outcomeChangeOf(answeredEnd, otherType)];

    // Assess
    expect(found.map((entry) => entry?.after.talkSeconds)).toEqual([90, 60]);
    expect(found.map((entry) => entry?.after.disconnectType)).toEqual(['endpoint', 'peer']);
  });
});

describe('publishOutcomeChange', () => {
  it('puts the change, before and after, with the deadline, when events are on', async () => {
    // Prepare
    const put = jest.fn<Promise<void>, [CallOutcome, CallOutcome, number]>(async () => undefined);
    const events: OutcomeEvents = { put };

    // Act
    await publishOutcomeChange(events, change(placed, ringing), 12_345);

    // Assess
    expect(put.mock.calls).toEqual([[outcomeOf(placed), outcomeOf(ringing), 12_345]]);
  });

  it('does nothing when events are off', async () => {
    // Act
    const done = publishOutcomeChange(undefined, change(placed, ringing), 12_345);

    // Assess
    await expect(done).resolves.toBeUndefined();
  });

  it('throws what the put threw, so that the change is not stored without its event', async () => {
    // Prepare
    const refused = new Error('EventBridge refused');
    const events: OutcomeEvents = { put: () => Promise.reject(refused) };

    // Act
    const done = publishOutcomeChange(events, change(placed, ringing), 12_345);

    // Assess
    await expect(done).rejects.toBe(refused);
  });
});

describe('reportOutcomeChange', () => {
  // Whatever an earlier test counted is printed and forgotten first.
  beforeEach(() => metrics.publish());

  it('logs one line naming the call, its new and previous status, whether it was answered, how it ended and where that came from', () => {
    // Prepare
    const logs = captureLogs();

    // Act
    reportOutcomeChange(change(connected, answeredEnd));

    // Assess
    expect(logs.stop().map(({ level, message, conversationId, status, previousStatus, answered, disconnectType, source }) => ({ level, message, conversationId, status, previousStatus, answered, disconnectType, source }))).toEqual([
      {
        level: 'INFO',
        message: 'call outcome changed',
        conversationId: ID,
        status: 'ended',
        previousStatus: 'connected',
        answered: true,
        disconnectType: 'endpoint',
        source: 'events',
      },
    ]);
  });

  it('leaves the disconnect type out of the line while there is none', () => {
    // Prepare
    const logs = captureLogs();

    // Act
    reportOutcomeChange(change(placed, ringing));

    // Assess
    const [line] = logs.stop();
    expect(line).not.toHaveProperty('disconnectType');
    expect(line).toMatchObject({ status: 'ringing', previousStatus: 'placed', source: 'events' });
  });

  it.each([
    ['answered', outcomeOf(answeredEnd), { answered: 1 }],
    ['unanswered', outcomeOf(unansweredEnd), { unanswered: 1 }],
    // outcomeOf always tells for an ended call; an outcome from elsewhere may not.
    ['unknown, when nobody can tell', { ...outcomeOf(unansweredEnd), answered: null }, { unknown: 1 }],
  ] as const)('counts an end in CallOutcomes as %s', async (_case, ended, counted) => {
    // Act
    const totals = await callOutcomesCounted(() => reportOutcomeChange({ before: outcomeOf(connected), after: ended }));

    // Assess
    expect(totals).toEqual(counted);
  });

  it('counts nothing for a change that does not end the call, nor for a change of a call already ended', async () => {
    // Prepare
    const longer = withLegs({ customer: { ...answeredEnd.legs!.customer, endedAt: PLACED_AT + 93_000, interactingMs: 90_000 } });

    // Act
    const totals = await callOutcomesCounted(() => {
      reportOutcomeChange(change(placed, ringing));
      reportOutcomeChange(change(ringing, connected));
      reportOutcomeChange(change(answeredEnd, longer));
    });

    // Assess
    expect(totals).toEqual({});
  });
});

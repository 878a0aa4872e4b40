import { loadConfig } from '../../lib/config';
import { parseCallInput } from '../../lib/calls/call-input';
import { prepareCall } from '../../lib/calls/place-call';
import type { CallRecord, LegEvent } from '../../lib/outcomes/call-record';
import { applyEvent } from '../../lib/outcomes/call-record';
import { outcomeOf } from '../../lib/outcomes/outcome';
import { OUTCOME_EVENT, outcomeEventDetail } from '../../lib/outcomes/outcome-event';
import { placedCallRecord } from '../../lib/outcomes/record-placed-call';

const ID = '2f7bf00a-0fc2-4d6a-9b56-92238191433e';
const PLACED_AT = Date.UTC(2026, 10, 28, 8, 0, 0);
const config = loadConfig({ GENESYS_REGION: 'mypurecloud.com', GENESYS_CREDENTIALS_SECRET_ID: 'genesys/oauth-client', CALLS_TABLE: 'calls', GENESYS_CALL_USER_ID: 'e0000000-0000-4000-8000-000000000001' });

/** The record createCall writes for a call to (415) 555-0100 whose label names another number. */
const placed: CallRecord = placedCallRecord(ID, prepareCall(parseCallInput({ to: '(415) 555-0100', label: 'renewal, call back +1 415 555 0199' }), config), PLACED_AT, config.calls, 'arn:aws:iam::123456789012:role/crm');

const event = (leg: LegEvent['leg'], phase: LegEvent['phase'], afterMs: number, extra: Partial<LegEvent> = {}): LegEvent => ({ conversationId: ID, leg, phase, eventTime: PLACED_AT + afterMs, ...extra });
const ringing = applyEvent(placed, event('user', 'start', 100));
const connected = applyEvent(ringing, event('customer', 'start', 3000));
const ended = applyEvent(connected, event('customer', 'end', 63_000, { interactingMs: 60_000, disconnectType: 'endpoint' }));

describe('Call outcome event', () => {
  it('is named by the source and detail-type a rule matches', () => {
    expect(OUTCOME_EVENT).toEqual({ source: 'genesys-outbound-call', detailType: 'Call outcome' });
  });

  describe('outcomeEventDetail', () => {
    it('carries the outcome GET /calls answers, the status it came from and an id to dedupe on', () => {
      // Act
      const detail = outcomeEventDetail(outcomeOf(connected), outcomeOf(ended));

      // Assess
      expect(detail).toEqual({
        outcomeId: expect.stringMatching(/^[0-9a-f]{32}$/),
        conversationId: ID,
        status: 'ended',
        previousStatus: 'connected',
        answered: true,
        disconnectType: 'endpoint',
        placedAt: '2026-11-28T08:00:00.000Z',
        connectedAt: '2026-11-28T08:00:03.000Z',
        endedAt: '2026-11-28T08:01:03.000Z',
        talkSeconds: 60,
        to: '+*******0100',
        toCountry: 'US',
        userId: 'e0000000-0000-4000-8000-000000000001',
        label: 'renewal, call back +* *** *** 0199',
        source: 'events',
      });
    });

    it('holds no full number, neither the one dialled nor one written in the label', () => {
      // Act
      const text = JSON.stringify(outcomeEventDetail(outcomeOf(placed), outcomeOf(ended)));

      // Assess
      expect(text).not.toMatch(/415\D?555\D?0100|415\D?555\D?0199/);
      expect(text).toContain('+*******0100');
    });

    it('gives the same outcomeId to the same outcome reported from another previous status (a change put again after a write conflict)', () => {
      // Act
      const fromConnected = outcomeEventDetail(outcomeOf(connected), outcomeOf(ended));
      const fromRinging = outcomeEventDetail(outcomeOf(ringing), outcomeOf(ended));

      // Assess
      expect(fromRinging.previousStatus).toBe('ringing');
      expect(fromRinging.outcomeId).toBe(fromConnected.outcomeId);
    });

    it('gives each outcome of a call, and the same outcome of another call, an outcomeId of its own', () => {
      // Prepare
      const other = { ...ended, conversationId: '3a8c0f1b-0fc2-4d6a-9b56-92238191433e' };

      // Act
      const ids = [
        outcomeEventDetail(outcomeOf(placed), outcomeOf(ringing)),
        outcomeEventDetail(outcomeOf(ringing), outcomeOf(connected)),
        outcomeEventDetail(outcomeOf(connected), outcomeOf(ended)),
        outcomeEventDetail(outcomeOf(connected), outcomeOf(other)),
      ].map((detail) => detail.outcomeId);

      // Assess
      expect(new Set(ids).size).toBe(4);
    });
  });
});

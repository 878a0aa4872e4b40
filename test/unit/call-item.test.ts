import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import type { CallRecord } from '../../lib/outcomes/call-record';
import { LEGS } from '../../lib/outcomes/call-record';
import { fromItem, toItem } from '../../lib/outcomes/call-item';
import type { DisconnectType } from '../../lib/outcomes/disconnect-types';
import { DISCONNECT_TYPES } from '../../lib/outcomes/disconnect-types';

const DISCONNECT_TYPE_NAMES = Object.keys(DISCONNECT_TYPES) as DisconnectType[];
const ID = '2f7bf00a-0fc2-4d6a-9b56-92238191433e';

const epochMs = fc.integer({ min: 1_700_000_000_000, max: 2_000_000_000_000 });
const reason = fc.record({ code: fc.integer({ min: 1, max: 699 }), phrase: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: ['code'] });
const legFacts = fc.record(
  { startedAt: epochMs, endedAt: epochMs, interactingMs: fc.nat(), disconnectType: fc.constantFrom(...DISCONNECT_TYPE_NAMES) },
  { requiredKeys: [] },
);

/** Every field a record may hold, each present or not; optional fields also appear as `undefined`. */
const records: fc.Arbitrary<CallRecord> = fc.record(
  {
    conversationId: fc.constant(ID),
    placedAt: epochMs,
    to: fc.constant('+*******0100'),
    toCountry: fc.option(fc.constantFrom('US', 'GB'), { nil: undefined }),
    userId: fc.option(fc.uuid(), { nil: undefined }),
    label: fc.option(fc.string(), { nil: undefined }),
    expiration: fc.integer({ min: 1_700_000_000, max: 2_000_000_000 }),
    version: fc.integer({ min: 1, max: 1000 }),
    legs: fc.dictionary(fc.constantFrom(...LEGS), legFacts, { maxKeys: 2 }),
    genesys: fc.record(
      {
        checkedAt: epochMs,
        status: fc.constantFrom('ringing', 'connected', 'ended'),
        connectedAt: epochMs,
        endedAt: epochMs,
        disconnectType: fc.constantFrom(...DISCONNECT_TYPE_NAMES),
        disconnectReason: fc.record({ sip: reason, q850: reason }, { requiredKeys: [] }),
      },
      { requiredKeys: ['checkedAt', 'status'] },
    ),
  },
  { requiredKeys: ['conversationId', 'placedAt', 'to', 'expiration', 'version'] },
) as fc.Arbitrary<CallRecord>;

describe('call item', () => {
  describe('toItem', () => {
    it('writes exactly the item @aws-sdk/util-dynamodb writes (undefined fields removed), so records written before stay readable', () => {
      fc.assert(
        fc.property(records, (record) => {
          // Act
          const item = toItem(record);

          // Assess
          expect(item).toEqual(marshall(record, { removeUndefinedValues: true }));
        }),
      );
    });

    it('refuses a value no record is written with rather than storing something else', () => {
      // Prepare
      const record = { conversationId: ID, placedAt: Number.NaN } as unknown as CallRecord;

      // Act
      const write = () => toItem(record);

      // Assess
      expect(write).toThrow(new TypeError('a call record cannot hold a number value'));
    });
  });

  describe('fromItem', () => {
    it('reads back the record it was written from, as util-dynamodb reads it', () => {
      fc.assert(
        fc.property(records, (record) => {
          // Prepare
          const item = marshall(record, { removeUndefinedValues: true });

          // Act
          const read = fromItem(item);

          // Assess
          expect(read).toEqual(unmarshall(item));
          expect(read).toEqual(JSON.parse(JSON.stringify(record)));
        }),
      );
    });

    it('refuses an attribute type no record is written with', () => {
      // Act
      const read = () => fromItem({ conversationId: { S: ID }, tags: { SS: ['a'] } });

      // Assess
      expect(read).toThrow(new TypeError('a call record holds no SS attribute'));
    });
  });
});

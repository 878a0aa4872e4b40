import { readItemKeys, scheduleBatchId } from '../../lib/scheduled/item-key';

describe('scheduleBatchId', () => {
  it('names the same batch on every delivery of one event, whatever the request id', () => {
    // Prepare
    const source = { kind: 'transformed_input', eventId: 'e-1', time: '2026-12-07T15:00:00Z' } as const;

    // Act
    const [first, duplicate] = [scheduleBatchId(source, 'request-1'), scheduleBatchId(source, 'request-2')];

    // Assess
    expect(first).toEqual({ batchId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/), fromEvent: true });
    expect(duplicate).toEqual(first);
  });

  it('names another batch for another event, and the envelope and the transformed input of one event alike', () => {
    // Act
    const transformed = scheduleBatchId({ kind: 'transformed_input', eventId: 'e-1', time: 't' }, 'r');
    const envelope = scheduleBatchId({ kind: 'event', eventId: 'e-1', time: 't', rule: 'arn' }, 'r');
    const other = scheduleBatchId({ kind: 'transformed_input', eventId: 'e-2', time: 't' }, 'r');

    // Assess
    expect(envelope.batchId).toBe(transformed.batchId);
    expect(other.batchId).not.toBe(transformed.batchId);
  });

  it('names a constant input (no event id) by the Lambda request id: the same on its retries, another on a new delivery', () => {
    // Act
    const [first, retry, duplicate] = [
      scheduleBatchId({ kind: 'constant_input' }, 'request-1'),
      scheduleBatchId({ kind: 'constant_input' }, 'request-1'),
      scheduleBatchId({ kind: 'constant_input' }, 'request-2'),
    ];

    // Assess
    expect(first.fromEvent).toBe(false);
    expect(retry).toEqual(first);
    expect(duplicate.batchId).not.toBe(first.batchId);
  });

  it('names an envelope without an id by the request id', () => {
    // Act
    const named = scheduleBatchId({ kind: 'event' }, 'request-1');

    // Assess
    expect(named).toEqual(scheduleBatchId({ kind: 'constant_input' }, 'request-1'));
  });
});

describe('readItemKeys', () => {
  it("takes each item's own idempotencyKey out of it, keeps the rest as written, and refuses a malformed key by index", () => {
    // Prepare
    const items = [{ to: '+1 415 555 0100', idempotencyKey: 'renewal-1' }, { to: '+1 415 555 0101' }, { to: '+1 415 555 0102', idempotencyKey: 'has space' }, 'not an object', { idempotencyKey: 7 }];

    // Act
    const { calls, keys, malformed } = readItemKeys(items);

    // Assess
    expect(calls).toEqual([{ to: '+1 415 555 0100' }, { to: '+1 415 555 0101' }, { to: '+1 415 555 0102' }, 'not an object', {}]);
    expect([...keys]).toEqual([[0, 'renewal-1']]);
    expect(malformed.map(({ index, problem }) => [index, problem.code, problem.details.field])).toEqual([
      [2, 'invalid_request', 'idempotencyKey'],
      [4, 'invalid_request', 'idempotencyKey'],
    ]);
    expect(items[0]).toEqual({ to: '+1 415 555 0100', idempotencyKey: 'renewal-1' });
  });
});

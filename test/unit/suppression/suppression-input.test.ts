import { ProblemError } from '../../../lib/problems/errors';
import { MAX_NUMBERS_PER_REQUEST, parseCheckRequest, parseNumbersRequest } from '../../../lib/suppression/suppression-input';

const NOW = Date.UTC(2026, 5, 1, 12);

function problemOf(act: () => unknown): { code: string; field?: string; detail: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof ProblemError) return { code: error.code, field: error.details.field, detail: error.details.detail };
    throw error;
  }
  throw new Error('expected a problem');
}

describe('parseNumbersRequest', () => {
  it('normalizes every spelling of a number to E.164 like POST /calls, reading national numbers in the default country or the item\'s', () => {
    // Act
    const items = parseNumbersRequest(
      { numbers: [{ to: '(415) 555-0100' }, { to: '+44 20 7946 0018' }, { to: '020 7946 0019', country: 'gb' }, { to: 'tel:+1-415-555-0101' }] },
      'add',
      'US',
      NOW,
    );

    // Assess
    expect(items).toEqual([
      { ok: true, index: 0, e164: '+14155550100' },
      { ok: true, index: 1, e164: '+442079460018' },
      { ok: true, index: 2, e164: '+442079460019' },
      { ok: true, index: 3, e164: '+14155550101' },
    ]);
  });

  it('lists numbers the destination policy would not call: a later, wider policy must still find them', () => {
    // Act: a premium-rate number and one of a country the default policy leaves out.
    const items = parseNumbersRequest({ numbers: [{ to: '+1 900 555 0100' }, { to: '+33 1 23 45 67 89' }] }, 'add', 'US', NOW);

    // Assess
    expect(items.map((item) => item.ok)).toEqual([true, true]);
  });

  it('keeps a reason masked like a label, and an expiry as epoch ms', () => {
    // Act
    const [item] = parseNumbersRequest(
      { numbers: [{ to: '+14155550100', reason: 'asked us to stop; also 415 555 0199', expiresAt: '2027-01-31T18:00:00+01:00' }] },
      'add',
      'US',
      NOW,
    );

    // Assess
    expect(item).toEqual({ ok: true, index: 0, e164: '+14155550100', reason: 'asked us to stop; also *** *** 0199', expiresAt: Date.UTC(2027, 0, 31, 17) });
  });

  it.each([
    ['an invalid number', { to: '415 555' }, 'invalid_phone_number', 'to'],
    ['a number with letters', { to: '1-800-FLOWERS' }, 'invalid_phone_number', 'to'],
    ['no number', { reason: 'x' }, 'invalid_request', 'to'],
    ['an empty number', { to: ' ' }, 'invalid_request', 'to'],
    ['a number that is not text', { to: 4155550100 }, 'invalid_request', 'to'],
    ['an unknown field', { to: '+14155550100', label: 'x' }, 'invalid_request', 'label'],
    ['a country that is not one', { to: '+14155550100', country: 'XX' }, 'invalid_request', 'country'],
    ['a reason over 200 characters', { to: '+14155550100', reason: 'x'.repeat(201) }, 'invalid_request', 'reason'],
    ['an expiry without an offset', { to: '+14155550100', expiresAt: '2027-01-31T18:00:00' }, 'invalid_request', 'expiresAt'],
    ['an expiry in the past', { to: '+14155550100', expiresAt: '2026-05-31T12:00:00Z' }, 'invalid_request', 'expiresAt'],
    ['an expiry more than 10 years ahead', { to: '+14155550100', expiresAt: '2037-01-01T00:00:00Z' }, 'invalid_request', 'expiresAt'],
    ['an item that is not an object', '+14155550100', 'invalid_request', undefined],
  ])('fails %s alone, with its code and field', (_case, item, code, field) => {
    // Act
    const [good, bad] = parseNumbersRequest({ numbers: [{ to: '+14155550100' }, item] }, 'add', 'US', NOW);

    // Assess
    expect(good.ok).toBe(true);
    expect(bad.ok ? undefined : { code: bad.problem.code, field: bad.problem.details.field }).toEqual({ code, field });
  });

  it('refuses a reason or expiry on removal: only the number names what to remove', () => {
    // Act
    const [item] = parseNumbersRequest({ numbers: [{ to: '+14155550100', reason: 'x' }] }, 'remove', 'US', NOW);

    // Assess
    expect(item.ok ? undefined : item.problem.details.field).toBe('reason');
  });

  it.each([
    ['no list', {}],
    ['an empty list', { numbers: [] }],
    ['a list that is not one', { numbers: { to: '+14155550100' } }],
    [`more than ${MAX_NUMBERS_PER_REQUEST} numbers`, { numbers: Array.from({ length: MAX_NUMBERS_PER_REQUEST + 1 }, () => ({ to: '+14155550100' })) }],
    ['a field beside the list', { numbers: [{ to: '+14155550100' }], dryRun: true }],
  ])('refuses the whole request with %s', (_case, body) => {
    // Act
    const problem = problemOf(() => parseNumbersRequest(body, 'add', 'US', NOW));

    // Assess
    expect(problem.code).toBe('invalid_request');
  });

  it('never echoes a number written as a field name', () => {
    // Act
    const [item] = parseNumbersRequest({ numbers: [{ to: '+14155550100', '4155550123': 'x' }] }, 'add', 'US', NOW);

    // Assess
    expect(JSON.stringify(item)).not.toContain('4155550123');
  });
});

describe('parseCheckRequest', () => {
  it('answers the number in E.164', () => {
    // Act / Assess
    expect(parseCheckRequest({ to: '020 7946 0018', country: 'GB' }, 'US')).toBe('+442079460018');
  });

  it.each([
    [{ to: '123' }, 'invalid_phone_number'],
    [{ to: '+14155550100', reason: 'x' }, 'invalid_request'],
    [{}, 'invalid_request'],
  ])('refuses %p with %s', (body, code) => {
    // Act / Assess
    expect(problemOf(() => parseCheckRequest(body, 'US')).code).toBe(code);
  });
});

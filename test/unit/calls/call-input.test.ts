import { parseCallInput } from '../../../lib/calls/call-input';
import { ProblemError } from '../../../lib/problems/errors';

const USER = '7f3b2a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

function problemOf(value: unknown): ProblemError {
  try {
    parseCallInput(value);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('parseCallInput', () => {
  it('returns every documented field, country upper-cased and dryRun defaulted to false', () => {
    // Prepare
    const body = {
      to: '(415) 555-0100',
      country: 'us',
      callerId: '+14155550199',
      callerIdName: 'Acme',
      userId: USER,
      queueId: USER,
      label: 'renewals',
      attributes: { account: '42' },
      uuiData: 'abc',
      externalContactId: USER,
    };

    // Act
    const input = parseCallInput(body);

    // Assess
    expect(input).toEqual({ ...body, country: 'US', dryRun: false });
  });

  it('refuses the from/to objects tutorials send, naming both fields', () => {
    // Act
    const problem = problemOf({ from: { address: '+14155550199', type: 'PHONE' }, to: { address: '+14155550100', type: 'PHONE' } });

    // Assess
    expect(problem.code).toBe('invalid_request');
    expect(problem.details.errors).toEqual([
      { field: 'from', detail: 'from is not a field of this API; did you mean callerId (tutorials send from/to objects; Genesys has no such fields)?' },
      { field: 'to', detail: 'to must be a string' },
    ]);
  });

  it.each([
    [{}, 'to', 'to is required.'],
    [{ to: 4155550100 }, 'to', 'to must be a string.'],
    [{ to: '' }, 'to', 'to must not be empty; leave it out instead.'],
    [{ to: '+14155550100', callerId: null }, 'callerId', 'callerId must not be null; leave it out instead.'],
    [{ to: '+14155550100', country: 'USA' }, 'country', 'country must be an ISO 3166 alpha-2 country code such as "US" or "GB".'],
    [{ to: '+14155550100', userId: 'bob' }, 'userId', 'userId must be a Genesys Cloud id (a UUID such as 5f0e9a3c-…).'],
    [{ to: '+14155550100', dryRun: 'yes' }, 'dryRun', 'dryRun must be true or false.'],
    [{ to: '+14155550100', label: 'x'.repeat(201) }, 'label', 'label must be at most 200 characters.'],
    [{ to: '+14155550100', attributes: ['a'] }, 'attributes', 'attributes must be an object of string values.'],
    [{ to: '+14155550100', attributes: { n: 1 } }, 'attributes.n', 'attributes.n must be a string.'],
    [{ to: '+14155550100', phoneNumber: '+14155550100' }, 'phoneNumber', 'phoneNumber is not a field of this API; did you mean to?'],
    [{ to: '+14155550100', callFromQueueId: USER }, 'callFromQueueId', 'callFromQueueId is not a field of this API; did you mean queueId?'],
    [{ to: '+14155550100', number: '+14155550100' }, 'number', 'number is not a field of this API; did you mean to?'],
    [{ to: '+14155550100', destination: '+14155550100' }, 'destination', 'destination is not a field of this API; did you mean to?'],
    [{ to: '+14155550100', country: 1 }, 'country', 'country must be an ISO 3166 alpha-2 country code such as "US" or "GB".'],
    [{ to: '+14155550100', queueId: 42 }, 'queueId', 'queueId must be a Genesys Cloud id (a UUID such as 5f0e9a3c-…).'],
    [{ to: '+14155550100', userId: [USER] }, 'userId', 'userId must be a Genesys Cloud id (a UUID such as 5f0e9a3c-…).'],
    [{ to: '+14155550100', attributes: 'account=42' }, 'attributes', 'attributes must be an object of string values.'],
  ])('refuses %j at %s', (body, field, detail) => {
    // Act
    const problem = problemOf(body);

    // Assess
    expect(problem).toMatchObject({ code: 'invalid_request', details: { field, detail } });
  });

  describe('the hint for a misspelt field', () => {
    it.each([
      ['calerId', 'callerId'],
      ['CallerID', 'callerId'],
      ['contry', 'country'],
      ['coutnry', 'country'],
      ['dry_run', 'dryRun'],
      ['callerIdNam', 'callerIdName'],
      ['atributes', 'attributes'],
      ['externalContactID', 'externalContactId'],
      ['tp', 'to'],
    ])('names the one known field close to %s: %s', (field, known) => {
      // Act
      const problem = problemOf({ to: '+14155550100', [field]: 'x' });

      // Assess
      expect(problem.details).toMatchObject({ field, detail: `${field} is not a field of this API; did you mean ${known}?` });
    });

    it.each([
      ['callerIdN', 'close to both callerId and callerIdName'],
      ['phone', 'close to no field'],
      ['id', 'two edits from to, more than a two-letter name allows'],
      ['atriibtes', 'three edits from attributes (a t dropped, the i doubled, the u dropped), more than a ten-letter name allows'],
    ])('names none for %s, %s', (field) => {
      // Act
      const problem = problemOf({ to: '+14155550100', [field]: 'x' });

      // Assess
      expect(problem.details).toMatchObject({ field, detail: `${field} is not a field of this API.` });
    });

    it('counts the extra fields its caller accepts as known', () => {
      // Act
      let detail: unknown;
      try {
        parseCallInput({ to: '+14155550100', idempotencyKy: 'k1' }, ['idempotencyKey']);
      } catch (error) {
        detail = (error as ProblemError).details.detail;
      }

      // Assess
      expect(detail).toBe('idempotencyKy is not a field of this API; did you mean idempotencyKey?');
    });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses the unknown field %s, which every object inherits', (field) => {
    // Act
    const problem = problemOf(JSON.parse(`{"to": "+14155550100", "${field}": "x"}`));

    // Assess
    expect(problem).toMatchObject({ code: 'invalid_request', details: { field, detail: `${field} is not a field of this API.` } });
  });

  it('counts characters, not UTF-16 units, against the caps: 200 emoji are a label, 201 are not', () => {
    // Prepare
    const label = '\u{1F4DE}'.repeat(200);

    // Act
    const accepted = parseCallInput({ to: '+14155550100', label, attributes: { ['\u{1F4DE}'.repeat(100)]: '\u{1F4DE}'.repeat(1000) } });
    const problem = problemOf({ to: '+14155550100', label: `${label}\u{1F4DE}` });

    // Assess
    expect(accepted.label).toBe(label);
    expect(problem.details).toMatchObject({ field: 'label', detail: 'label must be at most 200 characters.' });
  });

  describe('caps', () => {
    const TO = '+14155550100';
    const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    const caps: Array<[string, number, (n: number) => Record<string, unknown>, string, string]> = [
      ['to', 64, (n) => ({ to: '1'.repeat(n) }), 'to', 'to must be at most 64 characters.'],
      ['callerId', 64, (n) => ({ to: TO, callerId: '1'.repeat(n) }), 'callerId', 'callerId must be at most 64 characters.'],
      ['callerIdName', 100, (n) => ({ to: TO, callerIdName: 'a'.repeat(n) }), 'callerIdName', 'callerIdName must be at most 100 characters.'],
      ['label', 200, (n) => ({ to: TO, label: 'a'.repeat(n) }), 'label', 'label must be at most 200 characters.'],
      ['uuiData', 256, (n) => ({ to: TO, uuiData: 'a'.repeat(n) }), 'uuiData', 'uuiData must be at most 256 characters.'],
      ['attributes (entries)', 50, (n) => ({ to: TO, attributes: entries(n) }), 'attributes', 'attributes may hold at most 50 entries.'],
      ['an attribute key', 100, (n) => ({ to: TO, attributes: { ['k'.repeat(n)]: 'v' } }), 'attributes', 'attributes keys must be 1 to 100 characters.'],
      ['an attribute value', 1000, (n) => ({ to: TO, attributes: { k: 'v'.repeat(n) } }), 'attributes.k', 'attributes.k must be at most 1000 characters.'],
    ];
    it.each(caps)('accept %s at its cap of %i and refuse one more', (_name, cap, body, field, detail) => {
      // Act
      const accepted = parseCallInput(body(cap));
      const problem = problemOf(body(cap + 1));

      // Assess
      expect(accepted).toEqual({ ...body(cap), dryRun: false });
      expect(problem.details).toMatchObject({ field, detail });
    });

    it('refuse an empty attribute key', () => {
      // Act
      const problem = problemOf({ to: TO, attributes: { '': 'v' } });

      // Assess
      expect(problem.details).toMatchObject({ field: 'attributes', detail: 'attributes keys must be 1 to 100 characters.' });
    });
  });

  it('caps the number of attributes', () => {
    // Prepare
    const attributes = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));

    // Act
    const problem = problemOf({ to: '+14155550100', attributes });

    // Assess
    expect(problem.details).toMatchObject({ field: 'attributes', detail: 'attributes may hold at most 50 entries.' });
  });

  it.each([null, [], 'to', 42])('refuses %j, which is not an object, showing the shape it wants', (value) => {
    // Act
    const problem = problemOf(value);

    // Assess
    expect({ code: problem.code, details: problem.details }).toEqual({
      code: 'invalid_request',
      details: { detail: 'The call must be a JSON object such as {"to": "+1 202 555 0143"}.' },
    });
  });

  it('returns dryRun true when asked for', () => {
    // Act / Assess
    expect(parseCallInput({ to: '+14155550100', dryRun: true })).toEqual({ to: '+14155550100', dryRun: true });
  });

  it('counts the fields at fault in its detail and names the first', () => {
    // Act
    const problem = problemOf({ to: 4155550100, callerId: 4155550199 });

    // Assess
    expect(problem.details).toMatchObject({ field: 'to', detail: '2 fields are invalid; the first: to must be a string.' });
  });

  it('accepts the extra fields its caller names and leaves them out of the result', () => {
    // Act
    const input = parseCallInput({ to: '+14155550100', idempotencyKey: 'k1' }, ['idempotencyKey']);

    // Assess
    expect(input).toEqual({ to: '+14155550100', dryRun: false });
  });
});

import { DEMO, start, type Emulator } from '../../emulator';
import { basic, bearer, clientToken, send, UUID } from './http';

const CALL_PATH = `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`;

describe('emulator: records', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  it('records every request with lower-case headers, the parsed body and the status, never the Authorization header', async () => {
    // Prepare
    const token = await clientToken(emulator);

    // Act
    await send(emulator.url, CALL_PATH, { headers: { Authorization: bearer(token), 'X-Trace': 't1' }, body: { phoneNumber: '+14155550100' } });

    // Assess
    expect(emulator.records.requests).toEqual([
      {
        endpoint: 'token',
        method: 'POST',
        path: '/oauth/token',
        headers: expect.objectContaining({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: { grant_type: 'client_credentials' },
        status: 200,
        at: expect.any(Number),
      },
      {
        endpoint: 'callsForUser',
        method: 'POST',
        path: CALL_PATH,
        headers: expect.objectContaining({ 'content-type': 'application/json', 'x-trace': 't1' }),
        body: { phoneNumber: '+14155550100' },
        status: 200,
        at: expect.any(Number),
        tokenKind: 'client',
      },
    ]);
    const recorded = JSON.stringify(emulator.records.requests);
    expect(recorded).not.toMatch(/authorization/i);
    expect(recorded).not.toContain(token);
  });

  it('keeps a body that is not JSON as the raw string', async () => {
    // Act
    await send(emulator.url, CALL_PATH, { headers: { 'Content-Type': 'application/json' }, body: 'not json' });

    // Assess
    expect(emulator.records.requests[0]).toMatchObject({ endpoint: 'callsForUser', body: 'not json', status: 401 });
  });

  it('redacts a client secret sent in a form body', async () => {
    // Act
    await send(emulator.url, '/oauth/token', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${DEMO.clientId}&client_secret=${DEMO.clientSecret}`,
    });

    // Assess
    expect(emulator.records.requests[0]?.body).toEqual({ grant_type: 'client_credentials', client_id: DEMO.clientId, client_secret: '[redacted]' });
  });

  it('counts call POSTs whatever their outcome, and placed calls only on success', async () => {
    // Prepare
    const token = await clientToken(emulator);
    const post = (body: object) => send(emulator.url, CALL_PATH, { headers: { Authorization: bearer(token) }, body });

    // Act
    await post({ phoneNumber: '+14155550100' });
    await post({ to: '+14155550100' });
    await send(emulator.url, CALL_PATH, { body: { phoneNumber: '+14155550100' } });

    // Assess
    expect(emulator.records).toMatchObject({ callPosts: 3, callsPlaced: [expect.objectContaining({ endpoint: 'callsForUser' })] });
  });

  it('is emptied by reset, along with faults and revocations', async () => {
    // Prepare
    const token = await clientToken(emulator);
    emulator.revokeTokens();
    emulator.inject('callsForUser', { kind: 'status', status: 500 });
    emulator.setTokenLifetime(5);

    // Act
    emulator.reset();
    const result = await send(emulator.url, CALL_PATH, { headers: { Authorization: bearer(token) }, body: { phoneNumber: '+14155550100' } });
    const tokenResult = await send(emulator.url, '/oauth/token', {
      headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });

    // Assess
    expect(result.status).toBe(200);
    expect(tokenResult.body).toMatchObject({ expires_in: 86399 });
    expect(emulator.records).toMatchObject({ tokenRequests: 1, tokensIssued: 1, callPosts: 1, secretReads: 0, peakCallsInFlight: 1 });
    expect(emulator.records.requests).toHaveLength(2);
  });

  it('puts an ININ-Correlation-Id on every answer: Genesys, OAuth, Secrets Manager and control', async () => {
    // Act
    const results = await Promise.all([
      send(emulator.url, CALL_PATH, { body: {} }),
      send(emulator.url, '/oauth/token', { body: 'grant_type=client_credentials' }),
      send(emulator.url, '/', { headers: { 'X-Amz-Target': 'secretsmanager.GetSecretValue' }, body: '{}' }),
      send(emulator.url, '/__emulator/records', { method: 'GET' }),
      send(emulator.url, '/nowhere', { method: 'GET' }),
    ]);

    // Assess
    const ids = results.map((result) => result.headers.get('inin-correlation-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

import { DEMO, start, type Emulator } from '../../emulator';
import { basic, send, UUID } from './http';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const UNAUTHORIZED_CLIENT = 'client is not authorized to use the client_credential grant type';

describe('emulator: POST /oauth/token (login host)', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({
      seed: {
        clients: [
          { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret },
          { clientId: 'code-grant-only', clientSecret: 'code-grant-secret', grants: ['authorization_code'] },
        ],
      },
    });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  it('issues a bearer token for a form post with Basic client credentials', async () => {
    // Act
    const result = await send(emulator.url, '/oauth/token', {
      headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), ...FORM },
      body: 'grant_type=client_credentials',
    });

    // Assess
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/json');
    expect(result.headers.get('inin-correlation-id')).toMatch(UUID);
    expect(result.body).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/), token_type: 'bearer', expires_in: 86399 });
    expect(emulator.records.tokensIssued).toBe(1);
  });

  it('issues tokens with the lifetime set by setTokenLifetime', async () => {
    // Prepare
    emulator.setTokenLifetime(120);

    // Act
    const result = await send(emulator.url, '/oauth/token', {
      headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), ...FORM },
      body: 'grant_type=client_credentials',
    });

    // Assess
    expect(result.body).toMatchObject({ expires_in: 120 });
  });

  it.each([
    ['a wrong grant_type', DEMO.clientId, DEMO.clientSecret, 'grant_type=password'],
    ['no grant_type', DEMO.clientId, DEMO.clientSecret, ''],
    ['a client without the client-credentials grant', 'code-grant-only', 'code-grant-secret', 'grant_type=client_credentials'],
  ])('answers 400 unauthorized_client for %s', async (_case, clientId, clientSecret, body) => {
    // Act
    const result = await send(emulator.url, '/oauth/token', { headers: { Authorization: basic(clientId, clientSecret), ...FORM }, body });

    // Assess
    expect({ status: result.status, body: result.body }).toEqual({
      status: 400,
      body: { error: 'unauthorized_client', description: UNAUTHORIZED_CLIENT, error_description: UNAUTHORIZED_CLIENT },
    });
    expect(emulator.records.tokensIssued).toBe(0);
  });

  it.each([
    ['an unknown client', basic('no-such-client', 'whatever'), 'client not found'],
    ['a wrong secret', basic(DEMO.clientId, 'wrong-secret'), 'invalid client credentials'],
    ['no Basic authorization', undefined, expect.stringContaining('client authentication is required')],
    ['a bearer instead of Basic authorization', 'Bearer abc', expect.stringContaining('client authentication is required')],
  ])('answers 401 invalid_client for %s', async (_case, authorization, description) => {
    // Act
    const result = await send(emulator.url, '/oauth/token', {
      headers: { ...(authorization === undefined ? {} : { Authorization: authorization }), ...FORM },
      body: 'grant_type=client_credentials',
    });

    // Assess
    expect({ status: result.status, body: result.body }).toEqual({
      status: 401,
      body: { error: 'invalid_client', description, error_description: description },
    });
  });

  it('answers 400 invalid_request for a JSON body instead of a form', async () => {
    // Act
    const result = await send(emulator.url, '/oauth/token', {
      headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret) },
      body: { grant_type: 'client_credentials' },
    });

    // Assess
    expect({ status: result.status, body: result.body }).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        description: 'the token request body must be application/x-www-form-urlencoded',
        error_description: 'the token request body must be application/x-www-form-urlencoded',
      },
    });
  });

  it('counts every token request, failed ones included, and only successful ones as issued', async () => {
    // Prepare
    const good = { headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), ...FORM }, body: 'grant_type=client_credentials' };
    const bad = { headers: { Authorization: basic(DEMO.clientId, 'nope'), ...FORM }, body: 'grant_type=client_credentials' };

    // Act
    await send(emulator.url, '/oauth/token', good);
    await send(emulator.url, '/oauth/token', bad);
    await send(emulator.url, '/oauth/token', good);

    // Assess
    expect({ tokenRequests: emulator.records.tokenRequests, tokensIssued: emulator.records.tokensIssued }).toEqual({
      tokenRequests: 3,
      tokensIssued: 2,
    });
  });

  describe('rotateClientSecret', () => {
    it('refuses the old secret and accepts the new one', async () => {
      // Act
      const newSecret = emulator.rotateClientSecret();
      const withOld = await send(emulator.url, '/oauth/token', {
        headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), ...FORM },
        body: 'grant_type=client_credentials',
      });
      const withNew = await send(emulator.url, '/oauth/token', {
        headers: { Authorization: basic(DEMO.clientId, newSecret), ...FORM },
        body: 'grant_type=client_credentials',
      });

      // Assess
      expect(newSecret).not.toBe(DEMO.clientSecret);
      expect({ status: withOld.status, error: (withOld.body as { error: string }).error }).toEqual({ status: 401, error: 'invalid_client' });
      expect(withNew.status).toBe(200);
    });

    it('is undone by reset', async () => {
      // Prepare
      emulator.rotateClientSecret();

      // Act
      emulator.reset();
      const result = await send(emulator.url, '/oauth/token', {
        headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), ...FORM },
        body: 'grant_type=client_credentials',
      });

      // Assess
      expect(result.status).toBe(200);
    });

    it('refuses an unknown client id', () => {
      // Act / Assess
      expect(() => emulator.rotateClientSecret('no-such-client')).toThrow('Unknown OAuth client "no-such-client".');
    });
  });
});

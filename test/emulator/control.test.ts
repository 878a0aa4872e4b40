import { controlClient, DEMO, start, type ControlClient, type Emulator } from '../../emulator';
import { basic, bearer, clientToken, send } from './http';

const CALL_PATH = `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const SIGNED_GET_SECRET = {
  Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0',
  'Content-Type': 'application/x-amz-json-1.1',
  'X-Amz-Target': 'secretsmanager.GetSecretValue',
};

/** The control endpoints, driven the way a test drives an emulator running in another process. */
describe('emulator: control endpoints through controlClient', () => {
  let emulator: Emulator;
  let control: ControlClient;
  const readSecret = async (secretId: string) =>
    send(emulator.url, '/', { headers: SIGNED_GET_SECRET, body: JSON.stringify({ SecretId: secretId }) });

  beforeAll(async () => {
    emulator = await start();
    control = controlClient(emulator.url);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => control.reset());

  it('reads the records, including the records request itself with its status', async () => {
    // Prepare
    await clientToken(emulator);

    // Act
    const records = await control.records();

    // Assess
    expect(records).toEqual({
      busEvents: [],
      requests: [
        expect.objectContaining({ endpoint: 'token', status: 200 }),
        expect.objectContaining({ endpoint: 'control', method: 'GET', path: '/__emulator/records', status: 200 }),
      ],
      tokenRequests: 1,
      tokensIssued: 1,
      callPosts: 0,
      callsPlaced: [],
      secretReads: 0,
      callsInFlight: 0,
      peakCallsInFlight: 0,
      callEvents: [],
      schedulesFired: [],
    });
  });

  it('resets the records', async () => {
    // Prepare
    await clientToken(emulator);

    // Act
    await control.reset();

    // Assess
    expect(emulator.records.tokenRequests).toBe(0);
  });

  it('injects faults, for the given number of requests, and clears them', async () => {
    // Prepare
    const token = await clientToken(emulator);
    const post = () => send(emulator.url, CALL_PATH, { headers: { Authorization: bearer(token) }, body: { phoneNumber: '+14155550100' } });

    // Act
    await control.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 3 }, 2);
    const first = await post();
    await control.clearFaults();
    const second = await post();

    // Assess
    expect([first.status, first.headers.get('retry-after'), second.status]).toEqual([429, '3', 200]);
  });

  it('refuses an invalid fault with the reason', async () => {
    // Act
    const outcome = control.inject('token', { kind: 'awsError', type: 'ThrottlingException' });

    // Assess
    await expect(outcome).rejects.toThrow(
      `Emulator control POST ${emulator.url}/__emulator/faults answered 400: awsError faults apply only to getSecretValue, putEvents, not token.`,
    );
  });

  it('sets the token lifetime', async () => {
    // Act
    await control.setTokenLifetime(60);
    const result = await send(emulator.url, '/oauth/token', {
      headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), ...FORM },
      body: 'grant_type=client_credentials',
    });

    // Assess
    expect(result.body).toMatchObject({ expires_in: 60 });
  });

  it('revokes the tokens issued so far', async () => {
    // Prepare
    const token = await clientToken(emulator);

    // Act
    await control.revokeTokens();
    const result = await send(emulator.url, CALL_PATH, { headers: { Authorization: bearer(token) }, body: { phoneNumber: '+14155550100' } });

    // Assess
    expect(result.status).toBe(401);
  });

  it('rotates the client secret and updates the secret that holds it', async () => {
    // Act
    const clientSecret = await control.rotateClientSecret(DEMO.clientId);
    const secret = await readSecret(DEMO.secretId);

    // Assess
    expect(JSON.parse((secret.body as { SecretString: string }).SecretString)).toEqual({ clientId: DEMO.clientId, clientSecret });
    await expect(clientToken(emulator)).rejects.toThrow('token request answered 401');
    await expect(clientToken(emulator, clientSecret)).resolves.toEqual(expect.any(String));
  });

  it('issues a user token that places calls on POST /api/v2/conversations/calls', async () => {
    // Act
    const accessToken = await control.issueUserToken(DEMO.userWithStation.id);
    const result = await send(emulator.url, '/api/v2/conversations/calls', {
      headers: { Authorization: bearer(accessToken) },
      body: { phoneNumber: '+14155550100' },
    });

    // Assess
    expect(result.status).toBe(200);
  });

  it('refuses a user token for an unknown user', async () => {
    // Act / Assess
    await expect(control.issueUserToken('nobody')).rejects.toThrow('Unknown user "nobody": seed it first.');
  });

  it('puts and deletes secrets whose ids contain slashes', async () => {
    // Act
    await control.setSecret('team/other-secret', 'plain text');
    const afterPut = await readSecret('team/other-secret');
    await control.deleteSecret('team/other-secret');
    const afterDelete = await readSecret('team/other-secret');

    // Assess
    expect([(afterPut.body as { SecretString: string }).SecretString, afterDelete.status]).toEqual(['plain text', 400]);
  });

  it('answers 404 for an unknown control path and 405 for a wrong method', async () => {
    // Act
    const unknown = await send(emulator.url, '/__emulator/nothing', { method: 'GET' });
    const wrongMethod = await send(emulator.url, '/__emulator/records', { method: 'POST' });

    // Assess
    expect([unknown.status, unknown.body, wrongMethod.status, wrongMethod.body]).toEqual([
      404,
      { error: 'No control endpoint /__emulator/nothing.' },
      405,
      { error: 'POST /__emulator/records: use GET.' },
    ]);
  });
});

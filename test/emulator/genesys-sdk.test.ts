import platformClient from 'purecloud-platform-client-v2';
import { DEMO, start, type Emulator } from '../../emulator';
import { UUID } from './http';

/**
 * The official Genesys JS SDK, pointed at the emulator, is the referee for the wire formats: if it
 * logs in and its ConversationsApi gets the answers it expects, real clients will too.
 *
 * The SDK builds `https://api.<environment>` and `https://login.<environment>` from setEnvironment,
 * so an http://127.0.0.1:port URL cannot go there. Its gateway setting replaces both hosts with one
 * protocol://host:port, which is exactly the emulator's single port.
 */
describe('emulator: the official Genesys JS SDK (purecloud-platform-client-v2)', () => {
  let emulator: Emulator;
  const client = platformClient.ApiClient.instance;

  beforeAll(async () => {
    emulator = await start();
    // The SDK watches ~/.genesyscloudjavascript/config for live changes; a test needs no file watcher.
    client.config.live_reload_config = false;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: emulator.port });
  });
  // The SDK's singletons live in this test file's own module registry: nothing to undo for other files.
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  it('logs in with loginClientCredentialsGrant', async () => {
    // Act
    const authData = await client.loginClientCredentialsGrant(DEMO.clientId, DEMO.clientSecret);

    // Assess
    expect(authData).toMatchObject({ accessToken: expect.any(String), tokenExpiryTime: expect.any(Number) });
    expect(emulator.records.requests).toEqual([
      expect.objectContaining({
        endpoint: 'token',
        headers: expect.objectContaining({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: { grant_type: 'client_credentials' },
        status: 200,
      }),
    ]);
  });

  it('places a call with postConversationsCallsUserUserId', async () => {
    // Prepare
    await client.loginClientCredentialsGrant(DEMO.clientId, DEMO.clientSecret);

    // Act
    const response = await new platformClient.ConversationsApi().postConversationsCallsUserUserId(DEMO.userWithStation.id, {
      phoneNumber: '+14155550100',
    });

    // Assess
    expect(response).toEqual({ id: expect.stringMatching(UUID), selfUri: `/api/v2/conversations/calls/${response.id}` });
    expect(emulator.records.callsPlaced).toEqual([
      expect.objectContaining({ conversationId: response.id, userId: DEMO.userWithStation.id, body: { phoneNumber: '+14155550100' } }),
    ]);
  });

  it('rejects postConversationsCalls with a client-credentials token with the not.a.user ErrorBody', async () => {
    // Prepare
    await client.loginClientCredentialsGrant(DEMO.clientId, DEMO.clientSecret);

    // Act
    const outcome = new platformClient.ConversationsApi().postConversationsCalls({ phoneNumber: '+14155550100' });

    // Assess
    await expect(outcome).rejects.toEqual({
      message: 'This request requires a user context. Client credentials cannot be used for requests to this resource.',
      code: 'not.a.user',
      status: 400,
      contextId: expect.stringMatching(UUID),
      details: [],
      errors: [],
    });
  });

  it('rejects a call for a user without a station with the conversation.error.no.user.station ErrorBody', async () => {
    // Prepare
    await client.loginClientCredentialsGrant(DEMO.clientId, DEMO.clientSecret);

    // Act
    const outcome = new platformClient.ConversationsApi().postConversationsCallsUserUserId(DEMO.userWithoutStation.id, {
      phoneNumber: '+14155550100',
    });

    // Assess
    await expect(outcome).rejects.toEqual({
      message: 'A station is required to place a call.',
      code: 'conversation.error.no.user.station',
      status: 400,
      contextId: expect.stringMatching(UUID),
      details: [],
      errors: [],
    });
  });

  it('exposes the correlation id as contextId in extended responses', async () => {
    // Prepare
    await client.loginClientCredentialsGrant(DEMO.clientId, DEMO.clientSecret);
    client.setReturnExtendedResponses(true);

    try {
      // Act
      const outcome = new platformClient.ConversationsApi().postConversationsCalls({ phoneNumber: '+14155550100' });

      // Assess
      const extended = (await outcome.then(
        () => undefined,
        (error: unknown) => error,
      )) as { status: number; headers: Record<string, string>; body: { contextId: string } };
      expect(extended.status).toBe(400);
      expect(extended.body.contextId).toBe(extended.headers['inin-correlation-id']);
    } finally {
      client.setReturnExtendedResponses(false);
    }
  });
});

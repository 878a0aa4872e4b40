import { DEMO, start, type Emulator, type Seed } from '../../emulator';
import { defaultSeed } from '../../emulator/seed';
import { bearer, clientToken, expectGenesysError, send, UUID } from './http';

const CALLS = '/api/v2/conversations/calls';
const forUser = (userId: string) => `${CALLS}/user/${userId}`;
const VALID_BODY = { phoneNumber: '+14155550100' };

/**
 * The two create-call endpoints share their auth, media-type and body rules; each is driven here
 * with the token it is meant for: a user token for /calls, a client-credentials token for /calls/user/{id}.
 */
interface CallEndpoint {
  name: string;
  /** Where to post for a user with (or without) a station. */
  path(userId: string): string;
  /** A valid token for that user on this endpoint. */
  token(emulator: Emulator, userId: string): Promise<string>;
}

const ENDPOINTS: CallEndpoint[] = [
  {
    name: 'POST /api/v2/conversations/calls (user token)',
    path: () => CALLS,
    token: async (emulator, userId) => emulator.issueUserToken(userId),
  },
  {
    name: 'POST /api/v2/conversations/calls/user/{userId} (client token)',
    path: forUser,
    token: (emulator) => clientToken(emulator),
  },
];

describe('emulator: create-call endpoints', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  describe.each(ENDPOINTS)('$name', (endpoint) => {
    const user = DEMO.userWithStation.id;
    const post = async (body: unknown, headers: Record<string, string> = {}) =>
      send(emulator.url, endpoint.path(user), {
        headers: { Authorization: bearer(await endpoint.token(emulator, user)), ...headers },
        body: typeof body === 'string' ? body : (body as object),
      });

    it('places the call and answers 200 with the conversation id and selfUri', async () => {
      // Act
      const result = await post(VALID_BODY);

      // Assess
      const { id } = result.body as { id: string };
      expect({ status: result.status, body: result.body }).toEqual({
        status: 200,
        body: { id: expect.stringMatching(UUID), selfUri: `/api/v2/conversations/calls/${id}` },
      });
      expect(result.headers.get('inin-correlation-id')).toMatch(UUID);
      expect(emulator.records.callsPlaced).toEqual([
        { conversationId: id, endpoint: endpoint.path(user) === CALLS ? 'calls' : 'callsForUser', userId: user, body: VALID_BODY, at: expect.any(Number) },
      ]);
    });

    it('accepts every CreateCallRequest property of the right type', async () => {
      // Prepare
      const body = {
        phoneNumber: '+442079460000',
        callerId: '+14155550199',
        callerIdName: 'Acme',
        callFromQueueId: DEMO.queue.id,
        priority: 5,
        attributes: { ticket: 'T-1' },
        languageId: 'l1',
        routingSkillsIds: ['s1'],
        routingSkillExpression: 'x',
        uuiData: 'u',
        externalContactId: 'c1',
        label: 'outbound',
      };

      // Act
      const result = await post(body);

      // Assess
      expect(result.status).toBe(200);
    });

    it('answers 401 authentication.required without a bearer token', async () => {
      // Act
      const result = await send(emulator.url, endpoint.path(user), { body: VALID_BODY });

      // Assess
      expectGenesysError(result, {
        status: 401,
        code: 'authentication.required',
        message: 'No authentication bearer token specified in authorization header.',
      });
    });

    it('answers 401 bad.credentials for a token it never issued', async () => {
      // Act
      const result = await send(emulator.url, endpoint.path(user), { headers: { Authorization: bearer('forged') }, body: VALID_BODY });

      // Assess
      expectGenesysError(result, { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' });
    });

    it('answers 401 bad.credentials for an expired token', async () => {
      // Prepare
      emulator.setTokenLifetime(0);
      const token = await endpoint.token(emulator, user);

      // Act
      const result = await send(emulator.url, endpoint.path(user), { headers: { Authorization: bearer(token) }, body: VALID_BODY });

      // Assess
      expectGenesysError(result, { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' });
    });

    it('answers 401 bad.credentials for a token issued before revokeTokens', async () => {
      // Prepare
      const token = await endpoint.token(emulator, user);
      emulator.revokeTokens();

      // Act
      const result = await send(emulator.url, endpoint.path(user), { headers: { Authorization: bearer(token) }, body: VALID_BODY });

      // Assess
      expectGenesysError(result, { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' });
    });

    it('accepts tokens issued after revokeTokens', async () => {
      // Prepare
      emulator.revokeTokens();

      // Act
      const result = await post(VALID_BODY);

      // Assess
      expect(result.status).toBe(200);
    });

    it('answers 415 unsupported.media.type for a body that is not application/json', async () => {
      // Act
      const result = await post(JSON.stringify(VALID_BODY), { 'Content-Type': 'text/plain' });

      // Assess
      expectGenesysError(result, {
        status: 415,
        code: 'unsupported.media.type',
        message: 'Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.',
      });
    });

    it('answers 400 bad.request for a body that is not JSON', async () => {
      // Act
      const result = await post('{"phoneNumber":', { 'Content-Type': 'application/json' });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'bad.request',
        message: 'The request could not be understood by the server due to malformed syntax.',
      });
    });

    it('answers 400 bad.request for a JSON array body', async () => {
      // Act
      const result = await post([VALID_BODY]);

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'bad.request',
        message: 'The request could not be understood by the server due to malformed syntax.',
      });
    });

    it('answers 400 bad.request naming tutorial-style from/to properties', async () => {
      // Act
      const result = await post({ from: { address: '+14155550199', type: 'phone' }, to: { address: '+14155550100', type: 'phone' } });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'bad.request',
        message: /^Unrecognized field\(s\) in CreateCallRequest: from, to\. Known fields: phoneNumber, callerId, /,
        details: [
          { fieldName: 'from', errorCode: 'unrecognized.field' },
          { fieldName: 'to', errorCode: 'unrecognized.field' },
        ],
      });
    });

    it('answers 400 bad.request naming an unknown property inside participants', async () => {
      // Act
      const result = await post({ participants: [{ address: '+14155550100', phone: 'x' }] });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'bad.request',
        message: /^Unrecognized field\(s\) in CreateCallRequest: participants\[0\]\.phone\. /,
        details: [{ fieldName: 'participants[0].phone', errorCode: 'unrecognized.field' }],
      });
    });

    it('treats a declared property set to null as absent', async () => {
      // Act
      const result = await post({ ...VALID_BODY, callerId: null, label: null });

      // Assess
      expect(result.status).toBe(200);
    });

    it('answers 400 bad.request when no destination is given', async () => {
      // Act
      const result = await post({ callerId: '+14155550199' });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'bad.request',
        message: 'A destination is required: supply exactly one of phoneNumber, callQueueId, callUserId, participants, conversationIds.',
      });
    });

    it('answers 400 too.many.create.conversation.parameters for two destinations', async () => {
      // Act
      const result = await post({ phoneNumber: '+14155550100', callUserId: DEMO.userWithoutStation.id });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'too.many.create.conversation.parameters',
        message: 'Only a single destination can be supplied in a create conversation request.',
        details: [
          { fieldName: 'phoneNumber', errorCode: 'too.many.create.conversation.parameters' },
          { fieldName: 'callUserId', errorCode: 'too.many.create.conversation.parameters' },
        ],
      });
    });

    it.each(['phoneNumber', 'callerId'])('answers 400 invalid.value for a %s that is not E.164', async (field) => {
      // Act
      const result = await post({ ...VALID_BODY, [field]: '(415) 555-0100' });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'invalid.value',
        message:
          'Value [(415) 555-0100] is not valid for field type [E.164 phone number]. Allowable values are: an E.164 phone number: + then 7 to 15 digits, the first not 0, e.g. +14155550100',
        details: [{ fieldName: field, errorCode: 'invalid.value' }],
      });
    });

    it.each([
      ['priority', { priority: 'high' }, 'Value [high] is not valid for field type [integer (int32)]. Allowable values are: a whole number'],
      ['phoneNumber', { phoneNumber: 14155550100 }, 'Value [14155550100] is not valid for field type [string]. Allowable values are: a JSON string'],
      ['attributes.ticket', { attributes: { ticket: 7 } }, 'Value [7] is not valid for field type [string]. Allowable values are: a JSON string'],
      ['routingSkillsIds', { routingSkillsIds: 's1' }, 'Value [s1] is not valid for field type [array]. Allowable values are: a JSON array'],
      ['attributes.note', { attributes: { note: null } }, 'Value [null] is not valid for field type [string]. Allowable values are: a JSON string'],
    ])('answers 400 invalid.value for a %s of the wrong JSON type', async (field, fields, message) => {
      // Act
      const result = await post({ ...VALID_BODY, ...fields });

      // Assess
      expectGenesysError(result, { status: 400, code: 'invalid.value', message, details: [{ fieldName: field, errorCode: 'invalid.value' }] });
    });

    it('answers 404 not.found for a callFromQueueId that is not a queue', async () => {
      // Act
      const result = await post({ ...VALID_BODY, callFromQueueId: 'no-such-queue' });

      // Assess
      expectGenesysError(result, {
        status: 404,
        code: 'not.found',
        message: 'The requested resource was not found.',
        details: [{ fieldName: 'callFromQueueId', errorCode: 'not.found', entityId: 'no-such-queue' }],
      });
    });

    it('answers 400 conversation.error.no.user.station for a user without a station', async () => {
      // Prepare
      const stationless = DEMO.userWithoutStation.id;
      const token = await endpoint.token(emulator, stationless);

      // Act
      const result = await send(emulator.url, endpoint.path(stationless), { headers: { Authorization: bearer(token) }, body: VALID_BODY });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'conversation.error.no.user.station',
        message: 'A station is required to place a call.',
      });
      expect(emulator.records.callsPlaced).toEqual([]);
    });
  });

  describe('POST /api/v2/conversations/calls', () => {
    it('answers 400 not.a.user for a client-credentials token', async () => {
      // Prepare
      const token = await clientToken(emulator);

      // Act
      const result = await send(emulator.url, CALLS, { headers: { Authorization: bearer(token) }, body: VALID_BODY });

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'not.a.user',
        message: 'This request requires a user context. Client credentials cannot be used for requests to this resource.',
      });
    });
  });

  describe('POST /api/v2/conversations/calls/user/{userId}', () => {
    it('answers 404 not.found for an unknown user', async () => {
      // Prepare
      const token = await clientToken(emulator);

      // Act
      const result = await send(emulator.url, forUser('no-such-user'), { headers: { Authorization: bearer(token) }, body: VALID_BODY });

      // Assess
      expectGenesysError(result, { status: 404, code: 'not.found', message: 'The requested resource was not found.' });
    });

    it('also accepts a user token, placing the call for the user in the path', async () => {
      // Prepare
      const token = emulator.issueUserToken(DEMO.userWithoutStation.id);

      // Act
      const result = await send(emulator.url, forUser(DEMO.userWithStation.id), { headers: { Authorization: bearer(token) }, body: VALID_BODY });

      // Assess
      expect(result.status).toBe(200);
      expect(emulator.records.callsPlaced.map((call) => call.userId)).toEqual([DEMO.userWithStation.id]);
    });
  });

  describe('other paths and methods', () => {
    it('answers 404 not.found for an unknown path', async () => {
      // Act
      const result = await send(emulator.url, '/api/v2/no/such/resource', { method: 'GET' });

      // Assess
      expectGenesysError(result, { status: 404, code: 'not.found', message: 'The requested resource was not found.' });
    });

    it('answers 405 with an Allow header for a wrong method on a known path', async () => {
      // Act
      const result = await send(emulator.url, CALLS, { method: 'GET' });

      // Assess
      expectGenesysError(result, {
        status: 405,
        code: 'method.not.allowed',
        message: 'The requested HTTP method is not allowed for this resource.',
      });
      expect(result.headers.get('allow')).toBe('POST');
    });
  });
});

/**
 * Each endpoint's `x-inin-requires-permissions` (facts §6, doctor-outcomes §A4), checked on the
 * token's principal: the OAuth client's roles for a client-credentials token (whether Genesys checks
 * the client or the path user is unknown; the emulator's choice), the user's roles for a user token.
 */
describe('emulator: create-call permissions', () => {
  const CALL_ANY = 'conversation:agentlessCall:add, conversation:call:add';
  const MISSING_ANY = 'Unable to perform the requested action. You must have at least one of the following permissions assigned: ';
  const READS = ['oauth:client:view', 'authorization:role:view'];
  const CALLER_ROLE = { id: 'e0000000-0000-4000-8000-000000000302', name: 'Caller' };

  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.stop());

  /** The demo org, with the demo client's role granting only `permissions`. */
  function clientRoleGrants(permissions: string[]): void {
    emulator.reseed({ roles: [{ ...DEMO.role, permissions }] });
  }

  /** The demo org, with the user with a station holding a role that grants only `permissions`. */
  function userRoleGrants(permissions: string[]): void {
    const seed: Seed = defaultSeed();
    seed.users[0].roleIds = [CALLER_ROLE.id];
    emulator.reseed({ users: seed.users, roles: [...seed.roles, { ...CALLER_ROLE, permissions }] });
  }

  const postAs = (token: string, path: string) => send(emulator.url, path, { headers: { Authorization: bearer(token) }, body: VALID_BODY });

  describe('POST /api/v2/conversations/calls/user/{userId}', () => {
    it('answers 403 missing.any.permissions naming both call permissions when the client\'s roles grant neither, placing nothing', async () => {
      // Prepare
      clientRoleGrants(['conversation:call:view', 'conversation:*:view', ...READS]);

      // Act
      const result = await postAs(await clientToken(emulator), forUser(DEMO.userWithStation.id));

      // Assess
      expectGenesysError(result, {
        status: 403,
        code: 'missing.any.permissions',
        message: `${MISSING_ANY}${CALL_ANY}`,
        messageParams: { permissions: CALL_ANY },
      });
      expect(emulator.records.callsPlaced).toEqual([]);
    });

    it('refuses before looking up the user, so an unknown user is not revealed', async () => {
      // Prepare
      clientRoleGrants(READS);

      // Act
      const result = await postAs(await clientToken(emulator), forUser('no-such-user'));

      // Assess
      expect(result).toMatchObject({ status: 403, body: { code: 'missing.any.permissions' } });
    });

    it.each([['conversation:call:add'], ['conversation:agentlessCall:add'], ['conversation:*:add'], ['*:*:*']])(
      'places the call for a client whose role grants %s',
      async (permission) => {
        // Prepare
        clientRoleGrants([permission]);

        // Act
        const result = await postAs(await clientToken(emulator), forUser(DEMO.userWithStation.id));

        // Assess
        expect(result.status).toBe(200);
        expect(emulator.records.callsPlaced).toHaveLength(1);
      },
    );

    it("checks a user token against its own user's roles, not the client's", async () => {
      // Prepare
      userRoleGrants(['conversation:conference:add']);

      // Act
      const result = await postAs(emulator.issueUserToken(DEMO.userWithStation.id), forUser(DEMO.userWithStation.id));

      // Assess
      expect(result).toMatchObject({ status: 403, body: { code: 'missing.any.permissions', messageParams: { permissions: CALL_ANY } } });
    });
  });

  describe('POST /api/v2/conversations/calls', () => {
    it("answers 403 missing.any.permissions naming conversation:conference:add when the user's roles lack it", async () => {
      // Prepare
      userRoleGrants(['conversation:call:add', 'conversation:agentlessCall:add']);

      // Act
      const result = await postAs(emulator.issueUserToken(DEMO.userWithStation.id), CALLS);

      // Assess
      expectGenesysError(result, {
        status: 403,
        code: 'missing.any.permissions',
        message: `${MISSING_ANY}conversation:conference:add`,
        messageParams: { permissions: 'conversation:conference:add' },
      });
      expect(emulator.records.callsPlaced).toEqual([]);
    });

    it.each([['conversation:conference:add'], ['conversation:*:*']])('places the call for a user whose role grants %s', async (permission) => {
      // Prepare
      userRoleGrants([permission]);

      // Act
      const result = await postAs(emulator.issueUserToken(DEMO.userWithStation.id), CALLS);

      // Assess
      expect(result.status).toBe(200);
      expect(emulator.records.callsPlaced).toHaveLength(1);
    });

    it('answers a client-credentials token 400 not.a.user before looking at its roles', async () => {
      // Prepare: the demo client's role lacks conversation:conference:add.
      clientRoleGrants(READS);

      // Act
      const result = await postAs(await clientToken(emulator), CALLS);

      // Assess
      expect(result).toMatchObject({ status: 400, body: { code: 'not.a.user' } });
    });
  });
});

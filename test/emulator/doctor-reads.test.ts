import { controlClient, DEMO, DEMO_ROLE_PERMISSIONS, start, type Emulator, type Seed } from '../../emulator';
import { defaultSeed } from '../../emulator/seed';
import { basic, bearer, clientToken, expectGenesysError, send, type HttpResult } from './http';

// The read-only GETs the doctor relies on (doctor-outcomes.md §A), over real HTTP, in their wire
// shapes, and the seeds that make each of them answer a fault.

const HOME_DIVISION_ID = 'e0000000-0000-4000-8000-000000000999';
const OTHER_USER = 'e0000000-0000-4000-8000-0000000000ff';

async function get(emulator: Emulator, path: string, token?: string): Promise<HttpResult> {
  return send(emulator.url, path, { method: 'GET', ...(token === undefined ? {} : { headers: { Authorization: bearer(token) } }) });
}

/** An emulator whose demo org is changed by `change` (the default seed otherwise). */
async function startWith(change: (seed: Seed) => void): Promise<Emulator> {
  const seed = defaultSeed();
  change(seed);
  return start({ seed });
}

describe('emulator: the doctor reads of the demo org', () => {
  let emulator: Emulator;
  let token: string;

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.stop());
  beforeEach(async () => {
    emulator.reset();
    token = await clientToken(emulator);
  });

  describe('GET /api/v2/tokens/me', () => {
    it('names the organization and the OAuth client of a client-credentials token', async () => {
      // Act
      const result = await get(emulator, '/api/v2/tokens/me', token);

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({
        status: 200,
        body: {
          organization: DEMO.organization,
          homeOrganization: DEMO.organization,
          OAuthClient: { id: DEMO.clientId, name: DEMO.clientName, organization: { id: DEMO.organization.id } },
        },
      });
    });

    it('answers 401 authentication.required without a token', async () => {
      // Act
      const result = await get(emulator, '/api/v2/tokens/me');

      // Assess
      expectGenesysError(result, { status: 401, code: 'authentication.required', message: 'No authentication bearer token specified in authorization header.' });
    });
  });

  describe('GET /api/v2/users/me', () => {
    it('answers 400 not.a.user to a client-credentials token', async () => {
      // Act
      const result = await get(emulator, '/api/v2/users/me', token);

      // Assess
      expectGenesysError(result, {
        status: 400,
        code: 'not.a.user',
        message: 'This request requires a user context. Client credentials cannot be used for requests to this resource.',
      });
    });

    it('answers the user of a user token', async () => {
      // Prepare
      const userToken = emulator.issueUserToken(DEMO.userWithStation.id);

      // Act
      const result = await get(emulator, '/api/v2/users/me', userToken);

      // Assess
      expect(result.body).toEqual({ id: DEMO.userWithStation.id, name: DEMO.userWithStation.name, state: 'active', selfUri: `/api/v2/users/${DEMO.userWithStation.id}` });
    });
  });

  describe('GET /api/v2/users/{id}', () => {
    it('answers the user with its state', async () => {
      // Act
      const result = await get(emulator, `/api/v2/users/${DEMO.userWithStation.id}`, token);

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({
        status: 200,
        body: { id: DEMO.userWithStation.id, name: DEMO.userWithStation.name, state: 'active', selfUri: `/api/v2/users/${DEMO.userWithStation.id}` },
      });
    });

    it('answers 404 general.resource.not.found for an unknown user', async () => {
      // Act
      const result = await get(emulator, `/api/v2/users/${OTHER_USER}`, token);

      // Assess
      expectGenesysError(result, { status: 404, code: 'general.resource.not.found', message: 'Unable to find a user with that userId' });
    });
  });

  describe('GET /api/v2/users/{id}/station', () => {
    it('answers the associated and effective station of a user who has one', async () => {
      // Act
      const result = await get(emulator, `/api/v2/users/${DEMO.userWithStation.id}/station`, token);

      // Assess
      const station = {
        id: DEMO.station.id,
        name: DEMO.station.name,
        type: 'inin_webrtc_softphone',
        associatedUser: { id: DEMO.userWithStation.id, selfUri: `/api/v2/users/${DEMO.userWithStation.id}` },
      };
      expect({ status: result.status, body: result.body }).toEqual({ status: 200, body: { associatedStation: station, effectiveStation: station } });
    });

    it('answers no station at all for a user without one', async () => {
      // Act
      const result = await get(emulator, `/api/v2/users/${DEMO.userWithoutStation.id}/station`, token);

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({ status: 200, body: {} });
    });
  });

  describe('GET /api/v2/stations/{id}', () => {
    it('answers the station with its status, user and edge', async () => {
      // Act
      const result = await get(emulator, `/api/v2/stations/${DEMO.station.id}`, token);

      // Assess
      expect(result.body).toEqual({
        id: DEMO.station.id,
        name: DEMO.station.name,
        type: 'inin_webrtc_softphone',
        status: 'ASSOCIATED',
        userId: DEMO.userWithStation.id,
        webRtcUserId: DEMO.userWithStation.id,
        primaryEdge: { ...DEMO.edge, selfUri: `/api/v2/telephony/providers/edges/${DEMO.edge.id}` },
        selfUri: `/api/v2/stations/${DEMO.station.id}`,
      });
    });

    it('answers 404 not.found for an unknown station', async () => {
      // Act
      const result = await get(emulator, `/api/v2/stations/${OTHER_USER}`, token);

      // Assess
      expectGenesysError(result, { status: 404, code: 'not.found', message: 'The requested resource was not found.' });
    });
  });

  describe('GET /api/v2/routing/queues/{id} and /api/v2/users/{id}/queues', () => {
    it('answers the queue with its division and member counts', async () => {
      // Act
      const result = await get(emulator, `/api/v2/routing/queues/${DEMO.queue.id}`, token);

      // Assess
      expect(result.body).toEqual({
        id: DEMO.queue.id,
        name: DEMO.queue.name,
        division: { id: HOME_DIVISION_ID, name: 'Home' },
        memberCount: 1,
        joinedMemberCount: 1,
        selfUri: `/api/v2/routing/queues/${DEMO.queue.id}`,
      });
    });

    it('answers 404 resource.not.found for an unknown queue', async () => {
      // Act
      const result = await get(emulator, `/api/v2/routing/queues/${OTHER_USER}`, token);

      // Assess
      expectGenesysError(result, { status: 404, code: 'resource.not.found', message: 'The resource could not be found.' });
    });

    it("pages the user's queues, each marked joined", async () => {
      // Act
      const member = await get(emulator, `/api/v2/users/${DEMO.userWithStation.id}/queues?pageSize=100&pageNumber=1`, token);
      const nonMember = await get(emulator, `/api/v2/users/${DEMO.userWithoutStation.id}/queues`, token);

      // Assess
      expect(member.body).toEqual({
        entities: [{ id: DEMO.queue.id, name: DEMO.queue.name, joined: true, selfUri: `/api/v2/routing/queues/${DEMO.queue.id}` }],
        pageSize: 100,
        pageNumber: 1,
        total: 1,
        pageCount: 1,
      });
      expect(nonMember.body).toEqual({ entities: [], pageSize: 25, pageNumber: 1, total: 0, pageCount: 0 });
    });
  });

  describe('GET /api/v2/oauth/clients/{id} and /api/v2/authorization/roles/{id}', () => {
    it("answers the client's roles in their divisions", async () => {
      // Act
      const result = await get(emulator, `/api/v2/oauth/clients/${DEMO.clientId}`, token);

      // Assess
      expect(result.body).toEqual({
        id: DEMO.clientId,
        name: DEMO.clientName,
        accessTokenValiditySeconds: 86400,
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId: DEMO.role.id, divisionId: HOME_DIVISION_ID }],
        state: 'active',
        selfUri: `/api/v2/oauth/clients/${DEMO.clientId}`,
      });
    });

    it('answers the role with its permissions and policies, without userCount when asked', async () => {
      // Act
      const result = await get(emulator, `/api/v2/authorization/roles/${DEMO.role.id}?userCount=false`, token);

      // Assess
      expect(result.body).toEqual({
        id: DEMO.role.id,
        name: DEMO.role.name,
        permissions: [...DEMO_ROLE_PERMISSIONS],
        permissionPolicies: [
          { domain: 'conversation', entityName: 'call', actionSet: ['add'] },
          { domain: 'conversation', entityName: 'communication', actionSet: ['view'] },
          { domain: 'telephony', entityName: 'otherStationAssociation', actionSet: ['view'] },
          { domain: 'routing', entityName: 'queue', actionSet: ['view'] },
          { domain: 'oauth', entityName: 'client', actionSet: ['view'] },
          { domain: 'authorization', entityName: 'role', actionSet: ['view'] },
          { domain: 'integrations', entityName: 'integration', actionSet: ['view'] },
        ],
        selfUri: `/api/v2/authorization/roles/${DEMO.role.id}`,
      });
    });
  });

  describe('GET /api/v2/organizations/limits/namespaces/{namespace}', () => {
    it('answers the platform.api limits as entities', async () => {
      // Act
      const result = await get(emulator, '/api/v2/organizations/limits/namespaces/platform.api', token);

      // Assess
      expect(result.body).toEqual({
        entities: [
          { key: 'client.credentials.token.rate.per.minute', namespace: 'platform.api', value: 300 },
          { key: 'token.rate.per.minute', namespace: 'platform.api', value: 300 },
          { key: 'org.app.user.rate.per.minute', namespace: 'platform.api', value: 3000 },
          { key: 'request.bytes.max', namespace: 'platform.api', value: 512000 },
        ],
      });
    });
  });

  describe('faults', () => {
    it('answers an injected 403 on a read once, then the resource again', async () => {
      // Prepare
      emulator.inject('role', { kind: 'status', status: 403, code: 'missing.any.permissions', messageParams: { permissions: 'authorization:role:view' } });

      // Act
      const first = await get(emulator, `/api/v2/authorization/roles/${DEMO.role.id}`, token);
      const second = await get(emulator, `/api/v2/authorization/roles/${DEMO.role.id}`, token);

      // Assess
      expectGenesysError(first, {
        status: 403,
        code: 'missing.any.permissions',
        message: 'Unable to perform the requested action. You must have at least one of the following permissions assigned: authorization:role:view',
        messageParams: { permissions: 'authorization:role:view' },
      });
      expect(second.status).toBe(200);
    });
  });
});

describe('emulator: seeds that break the demo org', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it('answers 403 missing.any.permissions to a client whose role lacks the permission a read needs', async () => {
    // Prepare
    emulator = await startWith((seed) => {
      seed.roles = [{ ...DEMO.role, permissions: ['conversation:call:add'] }];
    });
    const token = await clientToken(emulator);

    // Act
    const client = await get(emulator, `/api/v2/oauth/clients/${DEMO.clientId}`, token);
    const station = await get(emulator, `/api/v2/users/${DEMO.userWithStation.id}/station`, token);

    // Assess
    expectGenesysError(client, {
      status: 403,
      code: 'missing.any.permissions',
      message: 'Unable to perform the requested action. You must have at least one of the following permissions assigned: oauth:client:view',
      messageParams: { permissions: 'oauth:client:view' },
    });
    expect(station.status).toBe(403);
  });

  it("checks a user token against its user's roles when the seed gives the user some, and lets it read everything otherwise", async () => {
    // Prepare
    emulator = await startWith((seed) => {
      seed.users[0].roleIds = [DEMO.role.id];
      seed.roles = [{ ...DEMO.role, permissions: ['routing:queue:view'] }];
    });

    // Act
    const withRoles = await get(emulator, `/api/v2/oauth/clients/${DEMO.clientId}`, emulator.issueUserToken(DEMO.userWithStation.id));
    const withoutRoles = await get(emulator, `/api/v2/oauth/clients/${DEMO.clientId}`, emulator.issueUserToken(DEMO.userWithoutStation.id));

    // Assess
    expect(withRoles).toMatchObject({ status: 403, body: { code: 'missing.any.permissions', messageParams: { permissions: 'oauth:client:view' } } });
    expect(withoutRoles.status).toBe(200);
  });

  it('lets a wildcard permission grant every action it covers', async () => {
    // Prepare
    emulator = await startWith((seed) => {
      seed.roles = [{ ...DEMO.role, permissions: ['*:*:*'] }];
    });
    const token = await clientToken(emulator);

    // Act
    const result = await get(emulator, `/api/v2/oauth/clients/${DEMO.clientId}`, token);

    // Assess
    expect(result.status).toBe(200);
  });

  it('answers an inactive user with state inactive', async () => {
    // Prepare
    emulator = await startWith((seed) => {
      seed.users[0].state = 'inactive';
    });
    const token = await clientToken(emulator);

    // Act
    const result = await get(emulator, `/api/v2/users/${DEMO.userWithStation.id}`, token);

    // Assess
    expect(result.body).toMatchObject({ id: DEMO.userWithStation.id, state: 'inactive' });
  });

  it('answers a station without edges, from which a call fails with providerapi.error.no.station.for.edge', async () => {
    // Prepare
    emulator = await startWith((seed) => {
      seed.stations = [{ ...DEMO.station }];
    });
    const token = await clientToken(emulator);

    // Act
    const station = await get(emulator, `/api/v2/stations/${DEMO.station.id}`, token);
    const call = await send(emulator.url, `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`, {
      headers: { Authorization: bearer(token) },
      body: { phoneNumber: '+14155550100' },
    });

    // Assess
    expect(station.body).not.toHaveProperty('primaryEdge');
    expect(station.body).not.toHaveProperty('secondaryEdge');
    expectGenesysError(call, {
      status: 500,
      code: 'providerapi.error.no.station.for.edge',
      message: 'Station assignment for station found, but no primary or secondary Edge id was assigned to it.',
    });
  });

  it('gives a user seeded with a station but no station id a station of its own that places calls', async () => {
    // Prepare
    emulator = await startWith((seed) => {
      seed.users = [{ id: DEMO.userWithStation.id, name: 'Old-style seed', hasStation: true }];
    });
    const token = await clientToken(emulator);

    // Act
    const stations = await get(emulator, `/api/v2/users/${DEMO.userWithStation.id}/station`, token);
    const stationId = (stations.body as { effectiveStation: { id: string } }).effectiveStation.id;
    const station = await get(emulator, `/api/v2/stations/${stationId}`, token);

    // Assess
    expect(station.body).toMatchObject({ id: stationId, status: 'ASSOCIATED', primaryEdge: { name: 'Edge' } });
  });

  it('refuses on its login host, as invalid_client, a client that belongs to another region', async () => {
    // Prepare
    emulator = await startWith((seed) => {
      seed.clients[0].region = 'mypurecloud.ie';
    });

    // Act
    const result = await send(emulator.url, '/oauth/token', {
      headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });

    // Assess
    expect({ status: result.status, body: result.body }).toEqual({
      status: 401,
      body: { error: 'invalid_client', description: 'client not found', error_description: 'client not found' },
    });
  });
});

describe('emulator: PUT /__emulator/seed', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.stop());

  it('replaces the org of a running emulator, and reset keeps the new org', async () => {
    // Prepare
    const control = controlClient(emulator.url);
    const seed = defaultSeed();
    seed.users[0].state = 'inactive';

    // Act
    await control.reseed({ users: seed.users });
    await control.reset();
    const result = await get(emulator, `/api/v2/users/${DEMO.userWithStation.id}`, await clientToken(emulator));

    // Assess
    expect(result.body).toMatchObject({ id: DEMO.userWithStation.id, state: 'inactive' });
  });

  it.each([
    [{ users: {} }, 'Seed part users must be an array, got object.'],
    [{ people: [] }, 'Unknown seed part "people": expected clients, users, queues, stations, roles, organization, region, limits, integrations, secrets, tokenLifetimeSeconds, scheduleGroups.'],
  ])('refuses %p with 400 and the reason', async (seed, error) => {
    // Act
    const result = await send(emulator.url, '/__emulator/seed', { method: 'PUT', body: seed });

    // Assess
    expect({ status: result.status, body: result.body }).toEqual({ status: 400, body: { error } });
  });
});

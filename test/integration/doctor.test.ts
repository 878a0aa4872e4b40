import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startHungServer } from '../support/hung-server';
import type { Emulator, Seed } from '../../emulator';
import { DEMO, start } from '../../emulator';
import { defaultSeed } from '../../emulator/seed';
import type { Config } from '../../lib/config';
import { loadConfig } from '../../lib/config';
import type { CheckId, CheckResult, DoctorInput } from '../../lib/doctor/check';
import { runDoctor, type DoctorReport } from '../../lib/doctor/run';
import { ConfigurationError } from '../../lib/config';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { SUPPRESSIONS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { LazyDynamoDB } from '../../lib/aws/dynamodb-client';
import { emulatorEnv, startEmulator } from '../support/harness';
import { leakGuard } from '../support/leak-guard';

// Every doctor check's outcomes, driven through the emulator over real HTTP: the real Secrets
// Manager client, the real token request and the real Genesys GETs, with seeds and faults making
// the org answer what a broken real org would.

jest.setTimeout(30_000);

let demo: Emulator;
beforeAll(async () => {
  demo = await startEmulator();
});
afterAll(() => demo.stop());
beforeEach(() => demo.reset());

/** An emulator whose demo org `change` breaks; stopped after the test. */
let broken: Emulator | undefined;
afterEach(async () => {
  await broken?.stop();
  broken = undefined;
});
async function brokenOrg(change: (seed: Seed) => void): Promise<Emulator> {
  const seed = defaultSeed();
  change(seed);
  broken = await start({ seed });
  leakGuard.watch(broken);
  return broken;
}

function config(emulator: Emulator, overrides: Record<string, string | undefined> = {}): Config | ConfigurationError {
  try {
    return loadConfig(emulatorEnv(emulator, overrides));
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
}

function secretsManager(emulator: Emulator): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: emulator.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

async function doctor(emulator: Emulator, input: Partial<DoctorInput> & { env?: Record<string, string | undefined> } = {}): Promise<DoctorReport> {
  const { env, ...rest } = input;
  const report = await runDoctor({ config: config(emulator, env), deadline: Date.now() + 25_000, secretsManager: secretsManager(emulator), ...rest });
  leakGuard.observe(JSON.stringify(report));
  return report;
}

function check(report: DoctorReport, id: CheckId): CheckResult {
  const result = report.checks.find((candidate) => candidate.id === id);
  if (!result) throw new Error(`no ${id} check in ${JSON.stringify(report.checks.map((c) => c.id))}`);
  return result;
}

const statuses = (report: DoctorReport) => Object.fromEntries(report.checks.map((result) => [result.id, result.status]));

describe('runDoctor', () => {
  describe('on the demo org', () => {
    it('passes every check, with the org, client, user, station, roles and limits it found', async () => {
      // Act
      const report = await doctor(demo, { queue: DEMO.queue.id });

      // Assess
      expect(statuses(report)).toEqual({
        configuration: 'pass',
        secret: 'pass',
        login: 'pass',
        identity: 'pass',
        callUser: 'pass',
        queue: 'pass',
        permissions: 'pass',
        rateLimits: 'pass',
        eventBridge: 'pass',
        request: 'pass',
      });
      expect(report.ok).toBe(true);
      expect(check(report, 'secret').summary).toBe('"genesys/oauth-client" in eu-west-1 holds an OAuth client');
      expect(check(report, 'identity').summary).toBe(`org "Demo Org", client "${DEMO.clientName}", client credentials (users/me answers not.a.user)`);
      expect(check(report, 'callUser').summary).toBe(`"${DEMO.userWithStation.name}" is active, station "${DEMO.station.name}" has an edge`);
      expect(check(report, 'queue').summary).toBe(`user ${DEMO.userWithStation.id} is a member of "${DEMO.queue.name}"`);
      expect(check(report, 'permissions').summary).toBe(`conversation:call:add and conversation:communication:view granted by ${DEMO.role.name}`);
      expect(check(report, 'rateLimits').summary).toBe('300 requests a minute per token; each dialer uses up to 120 (DIAL_REQUESTS_PER_MINUTE 240 ÷ DIAL_CONCURRENCY 2)');
      expect(check(report, 'request').summary).toBe(
        `POST /api/v2/conversations/calls/user/${DEMO.userWithStation.id} {"phoneNumber":"+*******0123","callFromQueueId":"${DEMO.queue.id}"} is a valid CreateCallRequest`,
      );
      expect(report.checks.filter((result) => result.fix !== undefined && result.status === 'pass')).toEqual([]);
    });

    it('places no call and sends nothing but reads and one token request', async () => {
      // Act
      await doctor(demo);

      // Assess
      expect(demo.records.callPosts).toBe(0);
      expect(demo.records.tokenRequests).toBe(1);
      expect(new Set(demo.records.requests.map((request) => request.method))).toEqual(new Set(['GET', 'POST']));
      expect(demo.records.requests.filter((request) => request.method === 'POST').map((request) => request.endpoint)).toEqual(['getSecretValue', 'token']);
    });
  });

  describe('configuration', () => {
    it.each([
      ['a region that is not a Genesys region', { GENESYS_API_URL: undefined, GENESYS_LOGIN_URL: undefined, GENESYS_REGION: 'not-a-region' }, /GENESYS_REGION "not-a-region" is not a Genesys Cloud region/],
      ['a call user id that is not a UUID', { GENESYS_CALL_USER_ID: 'agent-7' }, /GENESYS_CALL_USER_ID "agent-7" is not a Genesys Cloud id/],
      ['a DEFAULT_COUNTRY outside ALLOWED_COUNTRIES', { DEFAULT_COUNTRY: 'IE', ALLOWED_COUNTRIES: 'GB' }, /DEFAULT_COUNTRY IE is not in ALLOWED_COUNTRIES \(GB\)/],
    ])('fails for %s, and every later check is skipped', async (_case, env, summary) => {
      // Act
      const report = await doctor(demo, { env });

      // Assess
      expect(check(report, 'configuration')).toMatchObject({ status: 'fail', summary: expect.stringMatching(summary), fix: expect.any(String) });
      expect(check(report, 'secret')).toMatchObject({ status: 'unknown', summary: 'skipped: configuration failed' });
      expect(check(report, 'request')).toMatchObject({ status: 'unknown', summary: 'skipped: configuration failed' });
      expect(report.ok).toBe(false);
      expect(demo.records.requests).toEqual([]);
    });

    it('fails for a --queue that is not a UUID', async () => {
      // Act
      const report = await doctor(demo, { queue: 'sales' });

      // Assess
      expect(check(report, 'configuration')).toMatchObject({ status: 'fail', summary: '--queue "sales" is not a Genesys id (a UUID)' });
    });
  });

  describe('secret', () => {
    it('fails naming the secret and the region it looked in when there is no such secret', async () => {
      // Act
      const report = await doctor(demo, { env: { GENESYS_CREDENTIALS_SECRET_ID: 'genesys/other' } });

      // Assess
      expect(check(report, 'secret')).toEqual({
        id: 'secret',
        title: 'Secret',
        status: 'fail',
        summary: 'no secret "genesys/other" in eu-west-1',
        fix: 'Create it in eu-west-1, the region the stack is deployed to (aws secretsmanager create-secret --region eu-west-1 --name genesys/other …), or set genesysSecretName to its name.',
      });
      expect(check(report, 'login')).toMatchObject({ status: 'unknown', summary: 'skipped: secret failed' });
    });

    it('fails when the reader may not read it (AccessDeniedException)', async () => {
      // Prepare
      demo.inject('getSecretValue', { kind: 'awsError', type: 'AccessDeniedException' });

      // Act
      const report = await doctor(demo);

      // Assess
      expect(check(report, 'secret')).toMatchObject({ status: 'fail', summary: 'not allowed to read secret "genesys/oauth-client" in eu-west-1', fix: expect.stringContaining('secretsmanager:GetSecretValue') });
    });

    it('fails, without quoting it, when the secret is not the expected JSON', async () => {
      // Prepare
      demo.setSecret(DEMO.secretId, JSON.stringify({ client_id: DEMO.clientId, secret: DEMO.clientSecret }));

      // Act
      const report = await doctor(demo);

      // Assess
      expect(check(report, 'secret')).toMatchObject({
        status: 'fail',
        summary: 'secret "genesys/oauth-client" in eu-west-1: clientId or clientSecret is missing; its SecretString must be JSON {"clientId": "…", "clientSecret": "…"}',
      });
    });

    it('fails, and the run with it, when Secrets Manager accepts the connection and never answers: a required dependency that hangs is broken (before: unknown after the whole 25 s, exit 0)', async () => {
      // Prepare
      const hung = await startHungServer();
      const client = new SecretsManagerClient({ endpoint: hung.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

      // Act
      const report = await doctor(demo, { secretsManager: client, env: { GENESYS_TIMEOUT_MS: '1000' } }).finally(() => hung.stop());

      // Assess
      expect(check(report, 'secret')).toMatchObject({
        status: 'fail',
        summary: 'Secrets Manager in eu-west-1 did not answer within 1000 ms',
        fix: expect.stringContaining('VPC endpoint'),
      });
      expect({ ok: report.ok, endedWithinTheRead: report.durationMs < 10_000 }).toEqual({ ok: false, endedWithinTheRead: true });
    });

    it('fails naming where when nothing listens at Secrets Manager\'s endpoint', async () => {
      // Prepare: a port nobody listens on.
      const gone = await startHungServer();
      await gone.stop();
      const client = new SecretsManagerClient({ endpoint: gone.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

      // Act
      const report = await doctor(demo, { secretsManager: client });

      // Assess
      expect(check(report, 'secret')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^Secrets Manager in eu-west-1 could not be reached \(connection refused/) });
    });

    it('is unknown when Secrets Manager cannot be asked at all', async () => {
      // Prepare
      demo.inject('getSecretValue', { kind: 'awsError', type: 'InternalServiceError', status: 500 }, 3);

      // Act
      const report = await doctor(demo);

      // Assess
      expect(check(report, 'secret')).toMatchObject({ status: 'unknown', summary: 'could not ask Secrets Manager in eu-west-1 for "genesys/oauth-client": InternalServiceError' });
    });
  });

  describe('login', () => {
    it('fails with "no such client in <region>" when the client belongs to another region', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => {
        seed.clients[0].region = 'mypurecloud.ie';
      });

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'login')).toMatchObject({
        status: 'fail',
        summary: `no such client in ${emulator.url}: an OAuth client belongs to one region; is your org in another?`,
      });
      expect(check(report, 'identity')).toMatchObject({ status: 'unknown', summary: 'skipped: login failed' });
    });

    it('fails with "grant not enabled" when the client may not use client credentials', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => {
        seed.clients[0].grants = ['authorization_code'];
      });

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'login')).toMatchObject({
        status: 'fail',
        summary: 'the OAuth client may not use the client-credentials grant',
        fix: 'In Admin > Integrations > OAuth, use (or create) a client whose Grant Type is Client Credentials.',
      });
    });

    it('fails when the login host cannot be reached', async () => {
      // Act
      const report = await doctor(demo, { env: { GENESYS_LOGIN_URL: 'http://127.0.0.1:9' } });

      // Assess
      expect(check(report, 'login')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^http:\/\/127\.0\.0\.1:9 could not be reached/) });
    });

    it('is unknown when the login host keeps failing', async () => {
      // Prepare
      demo.inject('token', { kind: 'status', status: 503 }, 3);

      // Act
      const report = await doctor(demo);

      // Assess
      expect(check(report, 'login')).toMatchObject({ status: 'unknown', summary: 'the login host answered 503 temporarily_unavailable' });
    });
  });

  describe('token identity', () => {
    it('fails, and the run with it, when the API host does not answer (the login host did): every call would time out (before: unknown, exit 0)', async () => {
      // Prepare: tokens/me answers after the read's bound, each of its three attempts.
      demo.inject('tokensMe', { kind: 'delay', ms: 1500 }, 3);

      // Act
      const report = await doctor(demo, { env: { GENESYS_TIMEOUT_MS: '400' } });

      // Assess
      expect(check(report, 'identity')).toMatchObject({
        status: 'fail',
        summary: `the Genesys API host ${demo.url} is not answering: GET /api/v2/tokens/me got no answer within 400 ms`,
      });
      expect(report.ok).toBe(false);
    });

    it('is unknown when tokens/me cannot be read', async () => {
      // Prepare
      demo.inject('tokensMe', { kind: 'status', status: 404 });

      // Act
      const report = await doctor(demo);

      // Assess
      expect(check(report, 'identity')).toMatchObject({ status: 'unknown', summary: 'GET /api/v2/tokens/me answered 404 not.found' });
    });
  });

  describe('call user', () => {
    it.each([
      ['fails for a user the org does not have', (seed: Seed) => void (seed.users = seed.users.slice(1)), 'fail', `no user ${DEMO.userWithStation.id} in org "Demo Org"`],
      ['fails for an inactive user', (seed: Seed) => void (seed.users[0].state = 'inactive'), 'fail', `user "${DEMO.userWithStation.name}" is inactive`],
      [
        'fails for a user without a station',
        (seed: Seed) => void (seed.users[0].hasStation = false),
        'fail',
        `user "${DEMO.userWithStation.name}" has no station: every call would answer 400 conversation.error.no.user.station`,
      ],
      [
        'is unknown for a station without edges',
        (seed: Seed) => void delete seed.stations[0].primaryEdge,
        'unknown',
        `station "${DEMO.station.name}" of "${DEMO.userWithStation.name}" has no primary or secondary edge: Genesys answers 500 providerapi.error.no.station.for.edge for such a station`,
      ],
      [
        'is unknown, naming the permission, when the station may not be read',
        (seed: Seed) => void (seed.roles[0].permissions = ['conversation:call:add', 'oauth:client:view', 'authorization:role:view']),
        'unknown',
        `cannot see the station of "${DEMO.userWithStation.name}" (403)`,
      ],
    ])('%s', async (_case, change, status, summary) => {
      // Prepare
      const emulator = await brokenOrg(change);

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'callUser')).toMatchObject({ status, summary, fix: expect.any(String) });
    });

    it('is unknown when no call user is configured or passed', async () => {
      // Act
      const report = await doctor(demo, { env: { GENESYS_CALL_USER_ID: undefined } });

      // Assess
      expect(check(report, 'callUser')).toMatchObject({ status: 'unknown', summary: expect.stringContaining('no call user') });
    });

    it('checks the --user as well as the configured one, and fails for the one without a station', async () => {
      // Act
      const report = await doctor(demo, { user: DEMO.userWithoutStation.id });

      // Assess
      expect(check(report, 'callUser')).toMatchObject({ status: 'fail', summary: expect.stringContaining(`"${DEMO.userWithoutStation.name}" has no station`) });
    });
  });

  describe('queue', () => {
    it('is left out when no queue is given', async () => {
      // Act
      const report = await doctor(demo);

      // Assess
      expect(report.checks.map((result) => result.id)).not.toContain('queue');
    });

    it('fails for a queue the org does not have', async () => {
      // Act
      const report = await doctor(demo, { queue: 'e0000000-0000-4000-8000-0000000001ff' });

      // Assess
      expect(check(report, 'queue')).toMatchObject({ status: 'fail', summary: 'no queue e0000000-0000-4000-8000-0000000001ff in org "Demo Org"' });
    });

    it('fails when the call user is not a member', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => void (seed.queues[0].memberIds = []));

      // Act
      const report = await doctor(emulator, { queue: DEMO.queue.id });

      // Assess
      expect(check(report, 'queue')).toMatchObject({
        status: 'fail',
        summary: `user ${DEMO.userWithStation.id} is not a member of queue "${DEMO.queue.name}"`,
        fix: `Add the user to "${DEMO.queue.name}" (Admin > Queues > Members), or call without that queue.`,
      });
    });

    it('is unknown, naming routing:queue:view, when the queue may not be read', async () => {
      // Prepare
      demo.inject('queue', { kind: 'status', status: 403, code: 'missing.any.permissions' });

      // Act
      const report = await doctor(demo, { queue: DEMO.queue.id });

      // Assess
      expect(check(report, 'queue')).toMatchObject({ status: 'unknown', fix: "Give the client's role routing:queue:view so the doctor can check." });
    });
  });

  describe('permissions', () => {
    it('fails when no role of the client grants a call permission', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => void (seed.roles[0].permissions = seed.roles[0].permissions.filter((p) => p !== 'conversation:call:add')));

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'permissions')).toMatchObject({
        status: 'fail',
        summary: `the client's roles (${DEMO.role.name}) grant neither conversation:call:add nor conversation:agentlessCall:add: calls would answer 403 missing.any.permissions`,
        fix: 'Add conversation:call:add (Conversation > Call > Add) to one of the client\'s roles.',
      });
    });

    it('agrees with the emulator: the check that fails is the call that is refused (403 → genesys_forbidden, nothing placed)', async () => {
      // Prepare: the role keeps the reads, and grants neither call permission.
      const emulator = await brokenOrg((seed) => void (seed.roles[0].permissions = seed.roles[0].permissions.filter((p) => p !== 'conversation:call:add')));

      // Act
      const report = await doctor(emulator, { call: '+1 415 555 0100' });

      // Assess
      expect(check(report, 'permissions').status).toBe('fail');
      expect(check(report, 'call')).toMatchObject({
        status: 'fail',
        summary: "genesys_forbidden: The OAuth client's role has none of the Genesys permissions conversation:agentlessCall:add, conversation:call:add; any one of them is enough. Add one to the role granted to the client.",
      });
      expect(emulator.records.callPosts).toBe(1);
      expect(emulator.records.callsPlaced).toEqual([]);
    });

    it('fails when no role of the client grants conversation:communication:view, which lookups need (before: passed)', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => void (seed.roles[0].permissions = seed.roles[0].permissions.filter((p) => p !== 'conversation:communication:view')));

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'permissions')).toMatchObject({
        status: 'fail',
        summary: `the client's roles (${DEMO.role.name}) grant conversation:call:add but not conversation:communication:view: GET /calls/{id} cannot read from Genesys why an unanswered call ended (busy, no answer), and may be refused its lookups altogether`,
        fix: "Add conversation:communication:view (Conversation > Communication > View) to one of the client's roles.",
      });
      expect(report.ok).toBe(false);
    });

    it.each([['conversation:agentlessCall:add', 'conversation:communication:view'], ['conversation:*:*'], ['*:*:*']])('passes for a role granting %s, and so does a call', async (...permissions) => {
      // Prepare
      const emulator = await brokenOrg((seed) => void (seed.roles[0].permissions = [...permissions, 'oauth:client:view', 'authorization:role:view']));

      // Act
      const report = await doctor(emulator, { call: '+1 415 555 0100' });

      // Assess
      expect(check(report, 'permissions')).toMatchObject({ status: 'pass' });
      expect(check(report, 'call')).toMatchObject({ status: 'pass' });
      expect(emulator.records.callsPlaced).toHaveLength(1);
    });

    it.each([
      ['oauthClient', 'oauth:client:view'],
      ['role', 'authorization:role:view'],
    ] as const)('is unknown, never "missing", when a 403 on %s hides the roles, naming %s', async (endpoint, permission) => {
      // Prepare
      demo.inject(endpoint, { kind: 'status', status: 403, code: 'missing.any.permissions', messageParams: { permissions: permission } });

      // Act
      const report = await doctor(demo);

      // Assess
      const result = check(report, 'permissions');
      expect(result).toMatchObject({ status: 'unknown', fix: expect.stringContaining(permission) });
      expect(result.summary).not.toMatch(/missing/);
      expect(report.ok).toBe(true);
    });

    it('is unknown when the seed gives the client no right to read its own roles', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => void (seed.roles[0].permissions = ['conversation:call:add', 'telephony:otherStationAssociation:view']));

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'permissions')).toMatchObject({ status: 'unknown', summary: "cannot read the OAuth client's roles (403)" });
    });
  });

  describe('rate limits', () => {
    it("warns when each dialer's share of the budget is above the per-token limit", async () => {
      // Act
      const report = await doctor(demo, { env: { DIAL_REQUESTS_PER_MINUTE: '700', DIAL_CONCURRENCY: '2' } });

      // Assess
      expect(check(report, 'rateLimits')).toMatchObject({
        status: 'pass',
        summary: '300 requests a minute per token; each dialer uses up to 350 (DIAL_REQUESTS_PER_MINUTE 700 ÷ DIAL_CONCURRENCY 2)',
        warning: "Each dialer's share of DIAL_REQUESTS_PER_MINUTE (350) is above the per-token limit 300: the dialers will meet 429s; set dialRequestsPerMinute to at most 600 (dialConcurrency × 300)",
      });
    });

    it("does not warn when each dialer's share is within the per-token limit", async () => {
      // Act
      const report = await doctor(demo, { env: { DIAL_REQUESTS_PER_MINUTE: '600', DIAL_CONCURRENCY: '2' } });

      // Assess
      expect(check(report, 'rateLimits')).toEqual(expect.objectContaining({ status: 'pass', summary: '300 requests a minute per token; each dialer uses up to 300 (DIAL_REQUESTS_PER_MINUTE 600 ÷ DIAL_CONCURRENCY 2)' }));
      expect(check(report, 'rateLimits').warning).toBeUndefined();
    });

    it('is unknown when the limits cannot be read', async () => {
      // Prepare
      demo.inject('limits', { kind: 'status', status: 403 });

      // Act
      const report = await doctor(demo);

      // Assess
      expect(check(report, 'rateLimits')).toMatchObject({ status: 'unknown', summary: 'GET /api/v2/organizations/limits/namespaces/platform.api answered 403 not.authorized' });
    });
  });

  describe('EventBridge integration', () => {
    it('passes when the Amazon EventBridge integration is enabled and active', async () => {
      // Act
      const report = await doctor(demo);

      // Assess
      expect(check(report, 'eventBridge')).toMatchObject({ status: 'pass', summary: 'integration "Amazon EventBridge Source" is ENABLED and ACTIVE' });
    });

    it('passes with a warning when there is none: outcomes then come from lookups', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => void (seed.integrations = []));

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'eventBridge')).toMatchObject({ status: 'pass', warning: expect.stringContaining('for events as they happen, add the integration') });
      expect(report.ok).toBe(true);
    });

    it('fails when the integration exists but is not running', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => Object.assign(seed.integrations[0], { intendedState: 'DISABLED', reportedState: 'INACTIVE' }));

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'eventBridge')).toMatchObject({ status: 'fail', summary: 'integration "Amazon EventBridge Source" is DISABLED and INACTIVE', fix: expect.stringContaining('Enable it') });
    });

    it('is unknown when the client may not list integrations (403)', async () => {
      // Prepare
      const emulator = await brokenOrg((seed) => void (seed.roles[0].permissions = seed.roles[0].permissions.filter((permission) => !permission.startsWith('integrations:'))));

      // Act
      const report = await doctor(emulator);

      // Assess
      expect(check(report, 'eventBridge')).toMatchObject({ status: 'unknown', summary: 'cannot list the integrations (403)', fix: expect.stringContaining('integrations:integration:view') });
    });
  });

  describe('request', () => {
    it('fails when the numbers of DEFAULT_COUNTRY are refused before sending', async () => {
      // Act
      const report = await doctor(demo, { env: { BLOCKED_NUMBER_TYPES: 'MOBILE,FIXED_LINE_OR_MOBILE' } });

      // Assess
      expect(check(report, 'request')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^a US number is refused before sending: to \+\*+0123 is a/) });
    });
  });

  describe('call (--call only)', () => {
    it('places exactly one call through the POST /calls path and reports its conversation, the number masked', async () => {
      // Act
      const report = await doctor(demo, { call: '(415) 555-0100' });

      // Assess
      const placed = demo.records.callsPlaced;
      expect(placed.map((call) => call.body)).toEqual([{ phoneNumber: '+14155550100' }]);
      expect(check(report, 'call')).toMatchObject({ status: 'pass', summary: `placed a call to +*******0100: conversation ${placed[0].conversationId}` });
    });

    it('fails with the problem POST /calls would answer', async () => {
      // Act
      const report = await doctor(demo, { call: '+1 415 555 0100', user: DEMO.userWithoutStation.id });

      // Assess
      expect(check(report, 'call')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/^genesys_user_has_no_station: /),
        fix: 'POST /calls would answer the same: fix what it says, then run the doctor with --call again.',
      });
    });

    it("says to check Genesys before any retry, never to run --call again, when the connection dropped after Genesys placed the call (before: '…run the doctor with --call again')", async () => {
      // Prepare: Genesys places the call, then the socket is destroyed without an answer.
      demo.inject('callsForUser', { kind: 'drop' });

      // Act
      const report = await doctor(demo, { call: '+1 415 555 0100' });

      // Assess
      const result = check(report, 'call');
      expect({ status: result.status, summary: result.summary }).toEqual({
        status: 'fail',
        summary: 'genesys_unavailable: The connection to Genesys broke before it answered. The call may have been placed: check before trying again.',
      });
      expect(result.fix).toMatch(/^The call may have been placed: before any retry, check in Genesys Cloud whether it was/);
      expect(result.fix).toContain('Do not run the doctor with --call again until you know it was not.');
      expect(demo.records.callsPlaced).toHaveLength(1);
    });

    it('is skipped, placing nothing, when login failed', async () => {
      // Act
      const report = await doctor(demo, { call: '+1 415 555 0100', env: { GENESYS_CREDENTIALS_SECRET_ID: 'genesys/other' } });

      // Assess
      expect(check(report, 'call')).toMatchObject({ status: 'unknown', summary: 'skipped: login could not be checked' });
      expect(demo.records.callPosts).toBe(0);
    });
  });

  describe('the deadline', () => {
    it('ends the run by its deadline when Genesys stops answering, the rest unknown', async () => {
      // Prepare
      demo.inject('user', { kind: 'delay', ms: 10_000 }, 3);
      const startedAt = Date.now();

      // Act
      const report = await runDoctor({ config: config(demo), deadline: Date.now() + 3000, secretsManager: secretsManager(demo) });

      // Assess
      expect(Date.now() - startedAt).toBeLessThan(6000);
      expect(check(report, 'callUser').status).toBe('unknown');
      expect(check(report, 'permissions')).toMatchObject({ status: 'unknown', summary: 'skipped: the time for the run was up' });
    });
  });
});

describe('the suppression list check', () => {
  let dynamo: LocalDynamoDB;
  beforeAll(async () => {
    dynamo = await startLocalDynamoDB();
  });
  afterAll(() => dynamo.stop());

  const tables = (url: string) => new LazyDynamoDB({ endpoint: url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const suppressionCheck = async (env: Record<string, string | undefined>, url = dynamo.url) =>
    check(await doctor(demo, { env: { SUPPRESSIONS_TABLE, ...env }, dynamodb: tables(url) }), 'suppressionList');

  it('passes when the hash key is readable and the table answers, naming the attempt caps', async () => {
    // Act
    const result = await suppressionCheck({ MAX_ATTEMPTS_PER_NUMBER: '3/24h,4/30d' });

    // Assess
    expect(result).toMatchObject({ status: 'pass', details: { table: SUPPRESSIONS_TABLE, attemptCaps: '3/24h,4/30d' } });
  });

  it.each([
    ['the table does not exist', { SUPPRESSIONS_TABLE: 'no-such-table' }, 'no table "no-such-table"', 'Deploy the stack'],
    ['the hash key secret does not exist', { HASH_KEY_SECRET_ID: 'no/such/secret' }, "the stack's hash key cannot be used", 'secretsmanager:GetSecretValue'],
    ['no hash key is configured', { HASH_KEY_SECRET_ID: undefined }, "the stack's hash key cannot be used", 'Set HASH_KEY_SECRET_ID'],
  ])('fails when %s, with the fix', async (_case, env, summary, fix) => {
    // Act
    const result = await suppressionCheck(env);

    // Assess
    expect({ status: result.status, summary: result.summary.includes(summary), fix: result.fix?.includes(fix) }).toEqual({ status: 'fail', summary: true, fix: true });
  });

  it('fails when DynamoDB cannot be reached: every call would be refused', async () => {
    // Prepare
    const down = await startLocalDynamoDB();
    await down.stop();

    // Act
    const result = await suppressionCheck({}, down.url);

    // Assess
    expect({ status: result.status, summary: result.summary }).toEqual({ status: 'fail', summary: expect.stringContaining('could not be read') });
  });

  it('is not run on a deployment without a suppression list', async () => {
    // Act
    const report = await doctor(demo, { env: { SUPPRESSIONS_TABLE: undefined } });

    // Assess
    expect(report.checks.map((result) => result.id)).not.toContain('suppressionList');
  });
});

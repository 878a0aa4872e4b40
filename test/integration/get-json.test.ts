import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { GenesysError, GenesysTimeoutError } from '../../lib/genesys/errors';
import { coldContainer, startEmulator } from '../support/harness';

// The container's Genesys reads (lib/genesys/get-json.ts) against the emulator over real HTTP.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const inSeconds = (seconds: number) => Date.now() + seconds * 1000;

describe('GenesysClient.getJson', () => {
  it("answers the resource's JSON, read with the container's client-credentials token", async () => {
    // Prepare
    const { genesys } = coldContainer(emulator);

    // Act
    const user = await genesys.getJson(`/api/v2/users/${DEMO.userWithStation.id}`, inSeconds(10));

    // Assess
    expect(user).toMatchObject({ id: DEMO.userWithStation.id, state: 'active' });
    expect(emulator.records.requests.find((request) => request.endpoint === 'user')?.tokenKind).toBe('client');
  });

  it('throws a GenesysError with the status, code, messageParams and correlation id of an error answer', async () => {
    // Prepare
    const { genesys } = coldContainer(emulator);
    emulator.inject('role', { kind: 'status', status: 403, code: 'missing.any.permissions', messageParams: { permissions: 'authorization:role:view' } });

    // Act
    const error = await genesys.getJson(`/api/v2/authorization/roles/${DEMO.role.id}`, inSeconds(10)).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(GenesysError);
    expect({ ...(error as GenesysError) }).toMatchObject({
      operation: 'read',
      status: 403,
      code: 'missing.any.permissions',
      messageParams: { permissions: 'authorization:role:view' },
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('fetches a fresh token once and reads again when the token is refused with 401', async () => {
    // Prepare
    const { genesys } = coldContainer(emulator);
    await genesys.getJson('/api/v2/tokens/me', inSeconds(10));
    emulator.revokeTokens();

    // Act
    const me = await genesys.getJson('/api/v2/tokens/me', inSeconds(10));

    // Assess
    expect(me).toMatchObject({ OAuthClient: { id: DEMO.clientId } });
    expect(emulator.records.tokensIssued).toBe(2);
  });

  it('retries a 429 after its Retry-After while the deadline allows', async () => {
    // Prepare
    const { genesys } = coldContainer(emulator);
    emulator.inject('limits', { kind: 'rateLimit', retryAfterSeconds: 1 });

    // Act
    const limits = await genesys.getJson('/api/v2/organizations/limits/namespaces/platform.api', inSeconds(10));

    // Assess
    expect(limits).toHaveProperty('entities');
    expect(emulator.records.requests.filter((request) => request.endpoint === 'limits').map((request) => request.status)).toEqual([429, 200]);
  });

  it('gives up at the deadline when Genesys does not answer, with a GenesysTimeoutError', async () => {
    // Prepare
    const { genesys } = coldContainer(emulator);
    await genesys.getJson('/api/v2/tokens/me', inSeconds(10));
    emulator.inject('station', { kind: 'delay', ms: 5000 }, 3);
    const startedAt = Date.now();

    // Act
    const error = await genesys.getJson(`/api/v2/stations/${DEMO.station.id}`, inSeconds(1.5)).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(GenesysTimeoutError);
    expect(Date.now() - startedAt).toBeLessThan(4000);
  });
});

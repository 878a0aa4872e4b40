import type { Seed } from './types';

/**
 * The demo organisation every emulator starts with unless told otherwise. The ids are fixed so
 * that sample events, README examples and `.env` files can name them; the credentials are
 * obviously fake so nobody mistakes them for a real OAuth client.
 */
export const DEMO = {
  clientId: 'demo-client-id',
  clientSecret: 'demo-client-secret-not-real',
  secretId: 'genesys/oauth-client',
  // The stack's hash key (HASH_KEY_SECRET_ID): a deployed stack generates 64 random characters
  // (serverless.yml, HashKeySecret); this fixed stand-in is as long, and obviously not random.
  hashKeySecretId: 'genesys-outbound-call/hash-key',
  hashKey: 'demo-hash-key-not-secret-0000000000000000000000000000000000000000',
  userWithStation: { id: 'e0000000-0000-4000-8000-000000000001', name: 'Demo Agent (has a station)' },
  userWithoutStation: { id: 'e0000000-0000-4000-8000-000000000002', name: 'Demo Agent (no station)' },
  queue: { id: 'e0000000-0000-4000-8000-000000000101', name: 'Demo Outbound Queue' },
  clientName: 'Demo outbound-call service',
  organization: { id: 'e0000000-0000-4000-8000-000000000900', name: 'Demo Org' },
  role: { id: 'e0000000-0000-4000-8000-000000000301', name: 'Outbound call service' },
  station: { id: 'e0000000-0000-4000-8000-000000000201', name: 'Demo Agent WebRTC phone' },
  edge: { id: 'e0000000-0000-4000-8000-000000000401', name: 'Demo Edge' },
  region: 'mypurecloud.com',
} as const;

/**
 * What the demo client's role grants: the permission that places calls on behalf of a user
 * (doctor-outcomes.md §A4), the one a call's lookup needs (§B1) and those the doctor's reads need
 * (§A4 table), so the demo org passes every doctor check.
 */
export const DEMO_ROLE_PERMISSIONS = [
  'conversation:call:add',
  // GET /api/v2/conversations/{id}, the disconnect reasons of GET /calls/{id}'s lookups (§B1).
  'conversation:communication:view',
  'telephony:otherStationAssociation:view',
  'routing:queue:view',
  'oauth:client:view',
  'authorization:role:view',
  'integrations:integration:view',
] as const;

/**
 * The `platform.api` limits with the values third-party code quotes from Genesys's limits page
 * (doctor-outcomes.md §C [LIMQ]; INFERRED, second-hand). Emulator choice: only these four keys.
 */
export const DEFAULT_PLATFORM_API_LIMITS = {
  'client.credentials.token.rate.per.minute': 300,
  'token.rate.per.minute': 300,
  'org.app.user.rate.per.minute': 3000,
  'request.bytes.max': 512000,
} as const;

/** Real Genesys answers `expires_in: 86399` for client-credentials tokens (facts §4 [GCCX]). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86399;

/** The local stage's schedule group (serverless.yml, custom.environment.local SCHEDULE_GROUP). */
export const LOCAL_SCHEDULE_GROUP = 'genesys-outbound-call-local';

export function defaultSeed(): Seed {
  return {
    clients: [
      { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, grants: ['client_credentials'], name: DEMO.clientName, roleIds: [DEMO.role.id] },
    ],
    users: [
      { ...DEMO.userWithStation, hasStation: true, state: 'active', stationId: DEMO.station.id },
      { ...DEMO.userWithoutStation, hasStation: false, state: 'active' },
    ],
    queues: [{ ...DEMO.queue, memberIds: [DEMO.userWithStation.id] }],
    stations: [{ ...DEMO.station, type: 'inin_webrtc_softphone', status: 'ASSOCIATED', primaryEdge: { ...DEMO.edge } }],
    roles: [{ ...DEMO.role, permissions: [...DEMO_ROLE_PERMISSIONS] }],
    organization: { ...DEMO.organization },
    region: DEMO.region,
    limits: { 'platform.api': { ...DEFAULT_PLATFORM_API_LIMITS } },
    // The integration behind the local partner event source (detail-events.ts).
    integrations: [
      { id: 'e0000000-0000-4000-8000-0000000000e1', name: 'Amazon EventBridge Source', type: 'amazon-eventbridge-source', intendedState: 'ENABLED', reportedState: 'ACTIVE' },
    ],
    secrets: {
      [DEMO.secretId]: JSON.stringify({ clientId: DEMO.clientId, clientSecret: DEMO.clientSecret }),
      [DEMO.hashKeySecretId]: DEMO.hashKey,
    },
    tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
    scheduleGroups: [LOCAL_SCHEDULE_GROUP],
  };
}

/** Each part of `partial` replaces the default part of the same name; the result shares nothing with the input. */
export function resolveSeed(partial: Partial<Seed> = {}): Seed {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  return structuredClone({ ...defaultSeed(), ...defined });
}

/** What each part of a seed must be; anything else is refused by name before the org is replaced. */
const PART_KINDS: Record<keyof Seed, 'array' | 'object' | 'string' | 'number'> = {
  clients: 'array',
  users: 'array',
  queues: 'array',
  stations: 'array',
  roles: 'array',
  organization: 'object',
  region: 'string',
  limits: 'object',
  integrations: 'array',
  secrets: 'object',
  tokenLifetimeSeconds: 'number',
  scheduleGroups: 'array',
};

/** A partial seed from outside (the control endpoint): its parts are known and of the right kind. */
export function assertSeed(seed: unknown): Partial<Seed> {
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new TypeError('The seed must be an object.');
  for (const [name, value] of Object.entries(seed)) {
    const kind = PART_KINDS[name as keyof Seed] as string | undefined;
    if (kind === undefined) throw new TypeError(`Unknown seed part ${JSON.stringify(name)}: expected ${Object.keys(PART_KINDS).join(', ')}.`);
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (actual !== kind) throw new TypeError(`Seed part ${name} must be ${kind === 'array' ? 'an' : 'a'} ${kind}, got ${actual}.`);
  }
  return seed as Partial<Seed>;
}

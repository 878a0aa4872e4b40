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
  userWithStation: { id: 'e0000000-0000-4000-8000-000000000001', name: 'Demo Agent (has a station)' },
  userWithoutStation: { id: 'e0000000-0000-4000-8000-000000000002', name: 'Demo Agent (no station)' },
  queue: { id: 'e0000000-0000-4000-8000-000000000101', name: 'Demo Outbound Queue' },
} as const;

/** Real Genesys answers `expires_in: 86399` for client-credentials tokens (facts §4 [GCCX]). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86399;

export function defaultSeed(): Seed {
  return {
    clients: [{ clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, grants: ['client_credentials'] }],
    users: [
      { ...DEMO.userWithStation, hasStation: true },
      { ...DEMO.userWithoutStation, hasStation: false },
    ],
    queues: [{ ...DEMO.queue }],
    secrets: {
      [DEMO.secretId]: JSON.stringify({ clientId: DEMO.clientId, clientSecret: DEMO.clientSecret }),
    },
    tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
  };
}

/** Each part of `partial` replaces the default part of the same name; the result shares nothing with the input. */
export function resolveSeed(partial: Partial<Seed> = {}): Seed {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  return structuredClone({ ...defaultSeed(), ...defined });
}

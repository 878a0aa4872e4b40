import { randomBytes, randomUUID } from 'node:crypto';
import type { CallScript } from './call-scripts';
import { completeScript, defaultScript } from './call-scripts';
import { Conversations } from './conversations';
import { EventBus } from './event-bus';
import { EventDelivery } from './event-delivery';
import { isPlainObject, parseJson } from './exchange';
import { FaultQueue } from './faults';
import { Recorder } from './records';
import { Scheduler } from './scheduler';
import { SecretStore } from './secret-store';
import { DEMO } from './seed';
import { TokenStore } from './tokens';
import { TokenRateLimit } from './rate-limit';
import type { EmulatorClient, EmulatorOrganization, EmulatorQueue, EmulatorRole, EmulatorStation, EmulatorUser, Seed } from './types';

/** Everything the emulated Genesys organisation and Secrets Manager hold, and what happened to them. */
export class EmulatorState {
  readonly recorder = new Recorder();
  readonly faults = new FaultQueue();
  readonly tokens = new TokenStore();
  /** Requests per token per minute, up to the seeded `platform.api` limit (rate-limit.ts). */
  readonly rateLimit = new TokenRateLimit();
  readonly secrets = new SecretStore();
  readonly clients = new Map<string, EmulatorClient>();
  readonly users = new Map<string, EmulatorUser>();
  readonly queues = new Map<string, EmulatorQueue>();
  readonly stations = new Map<string, EmulatorStation>();
  readonly roles = new Map<string, EmulatorRole>();
  organization: EmulatorOrganization = { id: '', name: '' };
  region = '';
  limits: Seed['limits'] = {};
  integrations: Seed['integrations'] = [];
  readonly callEvents = new EventDelivery(this.recorder.records.callEvents);
  readonly eventBus = new EventBus(this.recorder.records.busEvents);
  readonly scheduler = new Scheduler(this.recorder.records.schedulesFired);
  readonly conversations = new Conversations((envelope, withheld) => this.callEvents.send(envelope, withheld));
  /** Scripts for the next calls placed, first in first out (`scriptCalls`). */
  readonly #scripts: CallScript[] = [];
  tokenLifetimeSeconds = 0;
  /** Every client secret this organisation has had (seeded or rotated), kept across resets. */
  readonly clientSecretsEverKnown = new Set<string>();

  constructor(private seed: Seed) {
    this.restoreSeed();
  }

  /** From now on `seed` is what `reset` restores; restored at once. */
  reseed(seed: Seed): void {
    this.seed = seed;
    this.reset();
  }

  reset(): void {
    this.recorder.clear();
    this.faults.clear();
    this.tokens.clearRevocations();
    this.rateLimit.clear();
    this.conversations.clear();
    this.#scripts.length = 0;
    this.restoreSeed();
  }

  setTokenLifetime(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new TypeError(`Token lifetime must be a number of seconds >= 0, got ${seconds}.`);
    this.tokenLifetimeSeconds = seconds;
  }

  /**
   * What rotating the OAuth client's secret in Genesys and then in AWS does: the old secret stops
   * working, and every secret holding that client's credentials gets the new one.
   */
  rotateClientSecret(clientId: string = DEMO.clientId): string {
    const client = this.clients.get(clientId);
    if (client === undefined) throw new Error(`Unknown OAuth client ${JSON.stringify(clientId)}.`);
    client.clientSecret = randomBytes(24).toString('base64url');
    this.clientSecretsEverKnown.add(client.clientSecret);
    for (const secret of this.secrets.all()) {
      const credentials = parseCredentials(secret.secretString);
      if (credentials?.clientId === clientId) {
        this.secrets.put(secret.name, JSON.stringify({ ...credentials, clientSecret: client.clientSecret }));
      }
    }
    return client.clientSecret;
  }

  /**
   * What a client of this emulator must never log or answer with: every client secret, every access
   * token issued, every phone number received in a call POST (in E.164 and with its digits alone).
   */
  leakCanaries(): string[] {
    const numbers = [...this.recorder.phoneNumbers].flatMap((number) => [number, number.replace(/^\+/, '')]);
    return [...this.clientSecretsEverKnown, ...this.tokens.all(), ...numbers];
  }

  /** The region (domain) an OAuth client belongs to. */
  regionOf(client: EmulatorClient): string {
    return client.region ?? this.region;
  }

  /** The station a user places calls from, if any. */
  effectiveStation(user: EmulatorUser): EmulatorStation | undefined {
    return user.hasStation && user.stationId !== undefined ? this.stations.get(user.stationId) : undefined;
  }

  scriptCalls(script: Partial<Record<keyof CallScript, unknown>>, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new TypeError(`times must be a positive integer, got ${JSON.stringify(times)}.`);
    const complete = completeScript(isPlainObject(script) ? script : {});
    for (let i = 0; i < times; i += 1) this.#scripts.push(complete);
  }

  /** The script of a call being placed: the next one queued, else the default for its number. */
  scriptFor(phoneNumber: string): CallScript {
    return this.#scripts.shift() ?? defaultScript(phoneNumber);
  }

  issueUserToken(userId: string): string {
    if (!this.users.has(userId)) throw new Error(`Unknown user ${JSON.stringify(userId)}: seed it first.`);
    return this.tokens.issue({ kind: 'user', userId }, this.tokenLifetimeSeconds);
  }

  private restoreSeed(): void {
    const seed = structuredClone(this.seed);
    replaceAll(this.clients, seed.clients.map((client) => [client.clientId, client]));
    for (const client of seed.clients) this.clientSecretsEverKnown.add(client.clientSecret);
    replaceAll(this.users, seed.users.map((user) => [user.id, user]));
    replaceAll(this.queues, seed.queues.map((queue) => [queue.id, queue]));
    replaceAll(this.stations, seed.stations.map((station) => [station.id, station]));
    replaceAll(this.roles, seed.roles.map((role) => [role.id, role]));
    this.organization = seed.organization;
    this.region = seed.region;
    this.limits = seed.limits;
    this.integrations = seed.integrations;
    // A user seeded with a station but without naming one (seeds written before stations existed)
    // gets a station of its own that can place calls.
    for (const user of this.users.values()) {
      if (!user.hasStation || user.stationId !== undefined) continue;
      const station: EmulatorStation = { id: randomUUID(), name: `${user.name} phone`, primaryEdge: { id: randomUUID(), name: 'Edge' } };
      this.stations.set(station.id, station);
      user.stationId = station.id;
    }
    this.secrets.replaceAll(seed.secrets);
    this.tokenLifetimeSeconds = seed.tokenLifetimeSeconds;
    this.scheduler.reset(seed.scheduleGroups);
  }
}

function replaceAll<V>(map: Map<string, V>, entries: Array<[string, V]>): void {
  map.clear();
  for (const [key, value] of entries) map.set(key, value);
}

function parseCredentials(secretString: string): Record<string, unknown> | undefined {
  const parsed = parseJson(secretString);
  return parsed.ok && isPlainObject(parsed.value) ? parsed.value : undefined;
}

import type { EmulatedSchedule, FiredSchedule, ScheduleTarget } from './scheduler';
import type { EventBridgeEvent } from 'aws-lambda';
import type { CallScript } from './call-scripts';
import type { CallEventTarget, SentEvent } from './event-delivery';

/**
 * The emulator's public types. Other code (tests, `npm start`, benches) depends on these names:
 * change them only together with every caller.
 */

export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** OAuth grants the client may use; default `['client_credentials']`. */
  grants?: string[];
  /** Shown as `OAuthClient.name` by tokens/me and oauth/clients/{id}; default the client id. */
  name?: string;
  /** Its roles (`roleDivisions`, all in the home division); default none, so every permission-gated GET answers 403. */
  roleIds?: string[];
  /**
   * The Genesys region (domain) the client was created in; default the emulator's own `region`.
   * A client of another region is unknown to this login host, as in Genesys, where an OAuth client
   * belongs to one region's organization.
   */
  region?: string;
}

export interface EmulatorUser {
  id: string;
  name: string;
  /** Whether the user has an (associated, online) station: without one a call answers 400 `conversation.error.no.user.station`. */
  hasStation: boolean;
  /** `User.state`; default `active`. */
  state?: 'active' | 'inactive';
  /**
   * The user's effective station (a seeded `stations` entry) when `hasStation`. A user with a
   * station and no `stationId` gets one of its own, with an edge, when the seed is loaded.
   */
  stationId?: string;
  /**
   * The user's roles, checked when the user's own token is used (the doctor's reads, both create-call
   * endpoints). Default none given: such a user's token holds every permission (emulator choice).
   */
  roleIds?: string[];
}

export interface EmulatorQueue {
  id: string;
  name: string;
  /** Users who are members of the queue (all joined); default none. */
  memberIds?: string[];
}

/** A phone (`Station`): `primaryEdge`/`secondaryEdge` unset means a station no call can be placed from. */
export interface EmulatorStation {
  id: string;
  name: string;
  /** Default `inin_webrtc_softphone`. */
  type?: string;
  /** Default `ASSOCIATED`. */
  status?: 'AVAILABLE' | 'ASSOCIATED';
  primaryEdge?: { id: string; name: string };
  secondaryEdge?: { id: string; name: string };
}

/** An authorization role: permission strings `domain:entity:action`, `*` in a part matching anything. */
export interface EmulatorRole {
  id: string;
  name: string;
  permissions: string[];
}

/** An integration of the org (`GET /api/v2/integrations`, doctor-outcomes §B2 [PY] `Integration`). */
export interface EmulatorIntegration {
  id: string;
  name: string;
  /** `integrationType.id`, e.g. `amazon-eventbridge-source`. */
  type: string;
  intendedState: 'ENABLED' | 'DISABLED' | 'DELETED';
  /** `reportedState.code`. */
  reportedState: 'ACTIVE' | 'ACTIVATING' | 'INACTIVE' | 'DEACTIVATING' | 'ERROR';
}

export interface EmulatorOrganization {
  id: string;
  name: string;
}

export interface Seed {
  clients: EmulatorClient[];
  users: EmulatorUser[];
  queues: EmulatorQueue[];
  stations: EmulatorStation[];
  roles: EmulatorRole[];
  organization: EmulatorOrganization;
  /** The region (domain) this emulator's login host plays, e.g. `mypurecloud.com`. */
  region: string;
  /** Organization limits: namespace -> key -> value (`GET /api/v2/organizations/limits/namespaces/{ns}`). */
  limits: Record<string, Record<string, number>>;
  /** The org's integrations (`GET /api/v2/integrations`). */
  integrations: EmulatorIntegration[];
  /** SecretId (name) -> SecretString. */
  secrets: Record<string, string>;
  /** `expires_in` of the tokens issued; default 86399 (the value real Genesys sends). */
  tokenLifetimeSeconds: number;
  /** EventBridge Scheduler's schedule groups besides `default` (which always exists); default the local stage's. */
  scheduleGroups: string[];
}

export interface StartOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator is for local use only. */
  host?: string;
  /** Each part given replaces the default part of the same name. */
  seed?: Partial<Seed>;
  /** One line per request on stdout; default false. */
  log?: boolean;
}

export const ENDPOINT_NAMES = [
  'token',
  'calls',
  'callsForUser',
  'getSecretValue',
  // EventBridge PutEvents on the default bus (the service's `Call outcome` events).
  'putEvents',
  // The read-only GETs the doctor uses (doctor-outcomes.md §A).
  'tokensMe',
  'usersMe',
  'user',
  'userStation',
  'station',
  'userQueues',
  'queue',
  'oauthClient',
  'role',
  'limits',
  'integrations',
  // The outcome reads (doctor-outcomes.md §B1).
  'callConversation',
  'conversation',
  // EventBridge Scheduler (scheduler-api.ts): calls for later.
  'createSchedule',
  'getSchedule',
  'deleteSchedule',
] as const;
export type EndpointName = (typeof ENDPOINT_NAMES)[number];

export type Fault =
  /** 429 + `Retry-After` + ErrorBody `too.many.requests.retry.after`. */
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  /** Any Genesys ErrorBody; on `token` an OAuth-style body, on `getSecretValue` and `putEvents` an AWS error. */
  | { kind: 'status'; status: number; code?: string; message?: string; messageParams?: Record<string, string> }
  /** Wait, then behave normally: a delayed call POST is placed. */
  | { kind: 'delay'; ms: number }
  /** Handle the request normally, then destroy the socket without answering: a dropped call POST IS placed. */
  | { kind: 'drop' }
  /** `getSecretValue`, `putEvents` and the Scheduler operations only: an AWS error, e.g. ThrottlingException (restJson1 for Scheduler). */
  | { kind: 'awsError'; type: string; status?: number; message?: string }
  /**
   * Handle the request normally, send the status, the headers and half the body, then stall: the
   * rest follows after `ms`, or never (until `stop`). A stalled call POST IS placed, a stalled token IS issued.
   */
  | { kind: 'stallBody'; ms?: number }
  /** Answer `status` (default 200) with a body that is not the endpoint's, instead of the endpoint: nothing is placed or issued. */
  | { kind: 'garbage'; body: GarbageBody; status?: number }
  /**
   * `putEvents` only: 200 with every entry refused (`FailedEntryCount` = entries), as PutEvents
   * answers a partial failure; nothing reaches the bus. Default `InternalFailure`.
   */
  | { kind: 'failEntries'; errorCode?: string; errorMessage?: string };

/** What a `garbage` fault answers: a proxy's or firewall's HTML page, JSON `null`, or a JSON object without the endpoint's fields. */
export const GARBAGE_BODIES = ['html', 'null', 'missingFields'] as const;
export type GarbageBody = (typeof GARBAGE_BODIES)[number];

export type FaultKind = Fault['kind'];

export interface RecordedRequest {
  endpoint: EndpointName | 'control' | 'unknown';
  method: string;
  path: string;
  /** Lower-case names; `authorization` and `x-amz-security-token` are never recorded. */
  headers: Record<string, string>;
  /** Parsed JSON or form object where parseable, else the raw string. */
  body: unknown;
  /** What was answered; 0 for a drop (or while the request is still being handled). */
  status: number;
  /** Epoch milliseconds when the request was received. */
  at: number;
  /** Kind of the bearer token presented, when it is one the emulator issued. */
  tokenKind?: 'client' | 'user';
}

export interface PlacedCall {
  conversationId: string;
  endpoint: 'calls' | 'callsForUser';
  /** The user on whose behalf the call was placed (path user, or the user of a user token). */
  userId: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Records {
  requests: RecordedRequest[];
  /** POST /oauth/token received (all, including failed and faulted). */
  tokenRequests: number;
  /** Tokens issued by POST /oauth/token (not those from `issueUserToken`). */
  tokensIssued: number;
  /** POSTs to /calls and /calls/user/{id} received (all, including failed and faulted). */
  callPosts: number;
  callsPlaced: PlacedCall[];
  /** GetSecretValue requests received (all, including failed and faulted). */
  secretReads: number;
  callsInFlight: number;
  /** Most call POSTs being handled at once (a delay fault keeps a call in flight). */
  peakCallsInFlight: number;
  /** Every Genesys detail event the placed calls produced, in the order they were sent, and what became of it. */
  callEvents: SentEvent[];
  /** Every event the default EventBridge bus took (PutEvents), in order, as a rule's target would receive it. */
  busEvents: BusEvent[];
  /** Every schedule EventBridge Scheduler fired, in order, and what became of its delivery. */
  schedulesFired: FiredSchedule[];
}

export interface Emulator {
  /** e.g. http://127.0.0.1:54321: the login host, the API host and Secrets Manager at once. */
  url: string;
  port: number;
  /** Closes the server and every socket (keep-alive too), and abandons delayed requests. */
  stop(): Promise<void>;
  /** Clears records, faults and revocations; restores the seed (secrets, client secrets, users, lifetime). */
  reset(): void;
  /**
   * Replaces the organisation: each part of `seed` given replaces the default part of the same name
   * (as `start({ seed })` does), then resets. E.g. a user without a station, a role without the call
   * permission, a client of another region: the org a doctor check fails on.
   */
  reseed(seed: Partial<Seed>): void;
  /** The next `times` (default 1) requests to `endpoint` get `fault`, FIFO across calls. */
  inject(endpoint: EndpointName, fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Tokens issued from now on get this `expires_in`. */
  setTokenLifetime(seconds: number): void;
  /** Every token issued so far answers 401 `bad.credentials` on use. */
  revokeTokens(): void;
  /** Default: the demo client. Returns the new secret; the old one is refused and matching secrets are updated. */
  rotateClientSecret(clientId?: string): string;
  /** A user-context token (as if from an authorization-code login). */
  issueUserToken(userId: string): string;
  /**
   * Values a client must never write to a log or an answer: every client secret (seeded or
   * rotated), every token issued, every phone number received, all kept across `reset`.
   */
  leakCanaries(): string[];
  /**
   * What clients sent that must hold none of the canaries, kept across `reset`: the JSON of every
   * event put on the bus (`records.busEvents` forgets them on reset).
   */
  leakHaystacks(): string[];
  setSecret(secretId: string, secretString: string): void;
  /**
   * The next `times` (default 1) calls placed play `script` (missing parts take their defaults)
   * instead of the one their number's last digits choose (call-scripts.ts).
   */
  scriptCalls(script: Partial<CallScript>, times?: number): void;
  /** Where the calls' Genesys events are delivered from now on; undefined: nowhere (they are still recorded). Kept across `reset`. */
  deliverCallEventsTo(target: CallEventTarget | undefined): void;
  deleteSecret(secretId: string): void;
  /** EventBridge Scheduler's schedules as they stand (fired one-time schedules are deleted unless ActionAfterCompletion is NONE). */
  schedules(): EmulatedSchedule[];
  /**
   * The virtual clock of the emulator's Scheduler: fires now every enabled one-time schedule due at
   * or before `until` (an ISO instant or epoch ms), or the one named by `name` (and `group`, default
   * `default`) whatever its time. Resolves once each was delivered (the control endpoint answers at once).
   */
  fireSchedules(which: { until: string | number } | { name: string; group?: string }): Promise<FiredSchedule[]>;
  /** Where fired schedules are delivered from now on; undefined: nowhere (recorded as `no_target`). Kept across `reset`. */
  deliverSchedulesTo(target: ScheduleTarget | undefined): void;
  /** Real timers fire each schedule at its `at()` time (the default, for `npm start`); off, only `fireSchedules` does. Kept across `reset`. */
  setScheduleTimers(on: boolean): void;
  readonly records: Records;
}

/** What can be done to a running emulator, in process or through the control endpoints. */
export type EmulatorOperations = Omit<Emulator, 'url' | 'port' | 'stop'>;

/** An event the default bus received: the envelope a rule's target would be handed (its `id` is the `EventId` PutEvents answered). */
export type BusEvent = EventBridgeEvent<string, Record<string, unknown>>;

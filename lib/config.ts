import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import { isSupportedCountry } from './phone/numbers';
import type { GenesysSettings } from './genesys/client';
import { isGenesysId } from './genesys/id';
import { resolveRegion } from './genesys/regions';

/**
 * The environment → typed settings, validated once per container. This is the only file that reads
 * `process.env`: every other module receives a `Config`.
 */
export interface Config {
  /** The Genesys client's settings, and the user on whose behalf calls are placed when the request names none. */
  readonly genesys: GenesysSettings & { readonly callUserId?: string };
  readonly phone: PhonePolicy;
  readonly idempotency: IdempotencySettings;
  readonly calls: CallRecordSettings;
  readonly outcomeEvents: OutcomeEventSettings;
  readonly callingHours: CallingHoursSetting;
  readonly hashKey: HashKeyConfig;
  readonly later: LaterSettings;
  readonly dial: DialSettings;
  readonly batches: BatchSettings;
  readonly suppression: SuppressionSettings;
}

export interface HashKeyConfig {
  /**
   * HASH_KEY_SECRET_ID: the secret the stack generates (serverless.yml, `HashKeySecret`) as the key
   * of its keyed hashes (idempotency fingerprints, the suppression list; lib/aws/hash-key.ts). Not
   * required to start: a function that never hashes (callEvents, the doctor) runs without it, and one
   * that must hash answers `500 configuration_error` naming it.
   */
  readonly secretId?: string;
}

export interface DialSettings {
  /** The dial queue (DIAL_QUEUE_URL): one message per call, consumed by the dialer; without one, POST /batches answers 503. */
  readonly queueUrl?: string;
  /** Batches the dialer handles at once at most: the event source mapping's maximumConcurrency (param dialConcurrency). */
  readonly concurrency: number;
  /** The whole stack's calls a minute towards Genesys (param dialRequestsPerMinute); each container dials at its share. */
  readonly requestsPerMinute: number;
  /** The queue's redrive maxReceiveCount: the receive after which a message that failed goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /**
   * How long a queued call's idempotency record is kept: longer than any delivery of its message can
   * come (the queue's retention, then the dead-letter queue's, from which it may be sent back).
   */
  readonly recordSeconds: number;
  /** A failure before Genesys acted sends the message back for this long, doubled on each receive (≤ 900 s). */
  readonly retryBaseSeconds: number;
}

export interface BatchSettings {
  /** BATCHES_TABLE: each batch and one item per call; without one, the batch routes answer 503. */
  readonly tableName?: string;
  /** How long a batch and its items are kept (TTL attribute `expiration`). */
  readonly recordDays: number;
}

/**
 * Calls for later: one-time EventBridge Scheduler schedules that send a call to the dial queue at
 * its time. Set by serverless.yml from the stack's own resources; without them `at` and
 * `outsideHours: "defer"` answer 503 schedules_unavailable.
 */
export interface LaterSettings {
  /** SCHEDULE_GROUP: the stack's schedule group. */
  readonly group?: string;
  /** SCHEDULER_ROLE_ARN: the role Scheduler assumes to send to the dial queue (sqs:SendMessage only). */
  readonly roleArn?: string;
  /** DIAL_QUEUE_ARN: the schedules' target. */
  readonly queueArn?: string;
  /** DIAL_DEAD_LETTER_QUEUE_ARN: where Scheduler sends a message the dial queue kept refusing. */
  readonly deadLetterQueueArn?: string;
}

export interface SuppressionSettings {
  /**
   * The suppression list (SUPPRESSIONS_TABLE): numbers that must not be called, each kept only as
   * an HMAC under the stack's hash key, and the attempt counts per number. Without one, no number
   * is refused for being listed and the suppression routes answer `500 configuration_error`.
   */
  readonly tableName?: string;
  /** MAX_ATTEMPTS_PER_NUMBER: call attempts allowed per number in a sliding window; none means no cap. */
  readonly attemptCaps: readonly AttemptCap[];
}

/** At most `attempts` call attempts to one number in any `windowMs`, written `3/24h`. */
export interface AttemptCap {
  readonly attempts: number;
  readonly windowMs: number;
  /** As the setting spells it, for answers and logs: `3/24h`. */
  readonly text: string;
}

/** A day of the week as `Date#getUTCDay` counts them: 0 is Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One daily window in the callee's local time: minutes after midnight, `to` excluded (24:00 is 1440). */
export interface DailyWindow {
  readonly from: number;
  readonly to: number;
  /** The days of the week it holds on; the other days allow no call. */
  readonly days: ReadonlySet<Weekday>;
}

/**
 * CALLING_HOURS: when a call may ring the callee, in the callee's time zones (lib/hours/). `off`
 * places calls at any hour; `country` applies the sourced window of the number's country (and a
 * stated fallback elsewhere, lib/hours/country-windows.ts); `window` applies one window everywhere.
 */
export type CallingHoursSetting =
  | { readonly mode: 'off' }
  | { readonly mode: 'country' }
  | { readonly mode: 'window'; readonly window: DailyWindow };

export interface OutcomeEventSettings {
  /**
   * Whether each change of a call's outcome is put on the account's default EventBridge bus as a
   * `Call outcome` event (lib/outcomes/outcome-events.ts). Off unless asked for: it needs
   * `events:PutEvents`, which serverless.yml grants only when the param is on.
   */
  readonly enabled: boolean;
}

export interface CallRecordSettings {
  /** The DynamoDB table of call outcome records (key `conversationId`); without one, no record is kept. */
  readonly tableName?: string;
  /** How long a call's record is kept (TTL attribute `expiration`). */
  readonly recordDays: number;
  /**
   * `GET /calls/{id}` asks Genesys about a call without a settled outcome once it is this old, and
   * again at most this often: events get that long to arrive first.
   */
  readonly lookupAfterSeconds: number;
  /**
   * Who may read a call with `GET /calls/{id}`: `owner`, the IAM principal that placed it (as
   * idempotency keys are scoped; lib/access/read-access.ts), or `account`, any principal allowed to
   * invoke the route.
   */
  readonly readAccess: ReadAccess;
}

export const READ_ACCESS = ['owner', 'account'] as const;
export type ReadAccess = (typeof READ_ACCESS)[number];

export interface IdempotencySettings {
  /** The DynamoDB table of idempotency records; without one, a request with a key is refused (503). */
  readonly tableName?: string;
  /** How long a key's outcome is kept and replayed. */
  readonly windowSeconds: number;
}

export interface PhonePolicy {
  readonly defaultCountry: CountryCode;
  /** `'*'` allows every country. */
  readonly allowedCountries: '*' | ReadonlySet<CountryCode>;
  /** Number types that are never dialled (toll-fraud targets and numbers we cannot classify). */
  readonly blockedNumberTypes: ReadonlySet<NumberTypeName>;
  /**
   * Whether numbers that belong to no country (+800, +870 Inmarsat, +881 satellite, +882/+883
   * international networks, +979 international premium rate, …) may be dialled. `allowedCountries`
   * cannot speak for them, not even `'*'`.
   */
  readonly allowNonGeographic: boolean;
}

/** libphonenumber's types, plus `UNKNOWN` for a valid number whose type the metadata cannot tell. */
export type NumberTypeName = NonNullable<NumberType> | 'UNKNOWN';

export const NUMBER_TYPES: readonly NumberTypeName[] = [
  'FIXED_LINE',
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
  'UNKNOWN',
];

export const DEFAULTS = {
  defaultCountry: 'US',
  // Premium-rate and shared-cost numbers bill the caller: they are what toll fraud dials. Personal,
  // pager, UAN, voicemail and unclassifiable numbers are not what an outbound campaign calls.
  blockedNumberTypes: ['PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL', 'UNKNOWN'],
  // Satellite and international-network numbers are billed at rates no country's tariff caps, and
  // an outbound campaign has no customers there: dialling them is an explicit choice.
  allowNonGeographic: false,
  timeoutMs: 5000,
  // An hour covers every retry path (client, API Gateway callers, Lambda's async retries over up to
  // 6 hours are bounded by the event's own key, see README) at a negligible storage cost.
  idempotencyWindowSeconds: 3600,
  // A month answers "what happened to last week's calls" at a few hundred bytes a call.
  callRecordDays: 30,
  // Events arrive within a second or two; a poller asking every second costs one Genesys read per 5 s.
  callLookupAfterSeconds: 5,
  // A call's outcome is its placer's business: another principal of the account asks to see it only
  // when the deployment says so.
  callReadAccess: 'owner',
  // Events on the default bus are for users who write rules on them: off until they ask.
  callOutcomeEvents: false,
  // Which hours are lawful depends on the calls (consent, business relationship, B2B): the
  // deployment opts in, as it does for the countries it may call.
  callingHours: 'off',
  // Two dialers at once (the event source mapping's least maximumConcurrency), 240 calls a minute in
  // all: under Genesys's 300 per token with room for token requests (facts.md §5).
  dialConcurrency: 2,
  dialRequestsPerMinute: 240,
  // serverless.yml's DialQueue redrive policy; a message deferred by a 429 or a pause spends a receive too.
  dialMaxReceiveCount: 10,
  // The dial queue keeps a message 4 days, its dead-letter queue 14 (and a message sent back from it
  // gets the queue's 4 again): 19 days outlives every delivery (docs/batches.md).
  dialRecordSeconds: 19 * 86_400,
  // 15 s, 30 s, 1 min, … 15 min: a token endpoint or Secrets Manager outage of about an hour is ridden out in 10 receives.
  dialRetryBaseSeconds: 15,
  // A month, as the call records.
  batchRecordDays: 30,
  // Attempt caps are law in some places (France 4 per 30 days, Florida 3 per 24 hours) and not in
  // others: which applies is the deployer's call, so none until they set one.
  attemptCaps: [],
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates every setting; throws a `ConfigurationError` naming the first bad variable. */
export function loadConfig(env: Env): Config {
  const defaultCountry = readCountry(env, 'DEFAULT_COUNTRY') ?? DEFAULTS.defaultCountry;
  return {
    genesys: {
      ...readHosts(env),
      credentialsSecretId: required(env, 'GENESYS_CREDENTIALS_SECRET_ID'),
      callUserId: readGenesysId(env, 'GENESYS_CALL_USER_ID'),
      timeoutMs: readInteger(env, 'GENESYS_TIMEOUT_MS', DEFAULTS.timeoutMs, { min: 100, max: 900_000 }),
    },
    phone: {
      defaultCountry,
      allowedCountries: readAllowedCountries(env, defaultCountry),
      blockedNumberTypes: readBlockedNumberTypes(env),
      allowNonGeographic: readBoolean(env, 'ALLOW_NON_GEOGRAPHIC_NUMBERS', DEFAULTS.allowNonGeographic),
    },
    idempotency: {
      tableName: optional(env, 'IDEMPOTENCY_TABLE'),
      windowSeconds: readInteger(env, 'IDEMPOTENCY_WINDOW_SECONDS', DEFAULTS.idempotencyWindowSeconds, { min: 1, max: 30 * 86_400 }),
    },
    calls: {
      tableName: optional(env, 'CALLS_TABLE'),
      recordDays: readInteger(env, 'CALL_RECORD_DAYS', DEFAULTS.callRecordDays, { min: 1, max: 3650 }),
      lookupAfterSeconds: readInteger(env, 'CALL_LOOKUP_AFTER_SECONDS', DEFAULTS.callLookupAfterSeconds, { min: 0, max: 3600 }),
      readAccess: readOneOf(env, 'CALL_READ_ACCESS', READ_ACCESS, DEFAULTS.callReadAccess),
    },
    outcomeEvents: {
      enabled: readBoolean(env, 'CALL_OUTCOME_EVENTS', DEFAULTS.callOutcomeEvents),
    },
    callingHours: readCallingHours(env),
    hashKey: {
      secretId: optional(env, 'HASH_KEY_SECRET_ID'),
    },
    dial: {
      queueUrl: optional(env, 'DIAL_QUEUE_URL'),
      concurrency: readInteger(env, 'DIAL_CONCURRENCY', DEFAULTS.dialConcurrency, { min: 2, max: 1000 }),
      requestsPerMinute: readInteger(env, 'DIAL_REQUESTS_PER_MINUTE', DEFAULTS.dialRequestsPerMinute, { min: 1, max: 1_000_000 }),
      maxReceiveCount: readInteger(env, 'DIAL_MAX_RECEIVE_COUNT', DEFAULTS.dialMaxReceiveCount, { min: 1, max: 1000 }),
      recordSeconds: readInteger(env, 'DIAL_RECORD_SECONDS', DEFAULTS.dialRecordSeconds, { min: 60, max: 60 * 86_400 }),
      retryBaseSeconds: readInteger(env, 'DIAL_RETRY_BASE_SECONDS', DEFAULTS.dialRetryBaseSeconds, { min: 1, max: 900 }),
    },
    batches: {
      tableName: optional(env, 'BATCHES_TABLE'),
      recordDays: readInteger(env, 'BATCH_RECORD_DAYS', DEFAULTS.batchRecordDays, { min: 1, max: 3650 }),
    },
    later: {
      group: optional(env, 'SCHEDULE_GROUP'),
      roleArn: optional(env, 'SCHEDULER_ROLE_ARN'),
      queueArn: optional(env, 'DIAL_QUEUE_ARN'),
      deadLetterQueueArn: optional(env, 'DIAL_DEAD_LETTER_QUEUE_ARN'),
    },
    suppression: readSuppression(env),
  };
}

/**
 * A missing or malformed setting: the deployment's fault, answered as `500 configuration_error`
 * (lib/problems/problem.ts turns it into that problem).
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly code = 'configuration_error';
  readonly variable: string;
  /** What is wrong with it, as a phrase following the variable's name. */
  readonly reason: string;

  constructor(variable: string, reason: string) {
    super(`The service is misconfigured: ${variable} ${reason}.`);
    this.variable = variable;
    this.reason = reason;
  }
}

let cached: { config: Config } | { error: ConfigurationError } | undefined;

/**
 * The container's configuration, read from `process.env` on first use. The outcome, good or bad, is
 * kept: the environment of a Lambda container never changes, so a bad setting is reported the same
 * way on every invocation without being parsed again.
 */
export function getConfig(): Config {
  if (!cached) {
    try {
      cached = { config: loadConfig(process.env) };
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      cached = { error };
    }
  }
  if ('error' in cached) throw cached.error;
  return cached.config;
}

/**
 * The `service` of the logs' and metrics' dimension: Powertools' own POWERTOOLS_SERVICE_NAME, which
 * serverless.yml sets per stage (`genesys-outbound-call-<stage>`) so that a stage's alarms see only
 * its own metrics. Never fails: metrics are emitted even when the rest of the configuration is bad.
 */
export function serviceName(env: Env = process.env): string {
  return optional(env, 'POWERTOOLS_SERVICE_NAME') ?? 'genesys-outbound-call';
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigurationError(name, 'is required but not set');
  return value;
}

function readHosts(env: Env): { apiUrl: string; loginUrl: string } {
  const apiUrl = optional(env, 'GENESYS_API_URL');
  const loginUrl = optional(env, 'GENESYS_LOGIN_URL');
  const regionName = optional(env, 'GENESYS_REGION');
  if (apiUrl && loginUrl) return { apiUrl: readUrl('GENESYS_API_URL', apiUrl), loginUrl: readUrl('GENESYS_LOGIN_URL', loginUrl) };
  if (!regionName) {
    throw new ConfigurationError(
      'GENESYS_REGION',
      'is required unless both GENESYS_API_URL and GENESYS_LOGIN_URL are set (e.g. mypurecloud.com or us-east-1)',
    );
  }
  const region = resolveRegion(regionName);
  if (!region) {
    throw new ConfigurationError('GENESYS_REGION', `"${regionName}" is not a Genesys Cloud region domain or AWS region name`);
  }
  return {
    apiUrl: apiUrl ? readUrl('GENESYS_API_URL', apiUrl) : region.apiUrl,
    loginUrl: loginUrl ? readUrl('GENESYS_LOGIN_URL', loginUrl) : region.loginUrl,
  };
}

function readGenesysId(env: Env, name: string): string | undefined {
  const value = optional(env, name);
  if (value !== undefined && !isGenesysId(value)) {
    throw new ConfigurationError(name, `"${value}" is not a Genesys Cloud id (a UUID such as 5f0e9a3c-…)`);
  }
  return value;
}

function readUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(name, `"${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(name, `must be an http(s) URL, got "${url.protocol}"`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function readInteger(env: Env, name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigurationError(name, `must be a whole number from ${range.min} to ${range.max}, got "${raw}"`);
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (value !== 'true' && value !== 'false') throw new ConfigurationError(name, `must be true or false, got "${raw}"`);
  return value === 'true';
}

function readOneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigurationError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

function readCountry(env: Env, name: string): CountryCode | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  return toCountry(name, raw);
}

function toCountry(name: string, raw: string): CountryCode {
  const code = raw.trim().toUpperCase();
  if (!isSupportedCountry(code)) {
    throw new ConfigurationError(name, `"${raw}" is not an ISO 3166 alpha-2 country code that has phone numbers`);
  }
  return code;
}

function readAllowedCountries(env: Env, defaultCountry: CountryCode): '*' | ReadonlySet<CountryCode> {
  const raw = optional(env, 'ALLOWED_COUNTRIES');
  if (raw === undefined) return new Set([defaultCountry]);
  if (raw === '*') return '*';
  const codes = raw.split(',').map((part) => part.trim()).filter(Boolean);
  if (codes.length === 0) throw new ConfigurationError('ALLOWED_COUNTRIES', 'must list at least one country code, or be *');
  return new Set(codes.map((code) => toCountry('ALLOWED_COUNTRIES', code)));
}

function readBlockedNumberTypes(env: Env): ReadonlySet<NumberTypeName> {
  // Empty means the default, as for every setting: switching off the toll-fraud guard takes an
  // explicit NONE, never a blank left by a deployment template.
  const raw = optional(env, 'BLOCKED_NUMBER_TYPES');
  if (raw === undefined) return new Set(DEFAULTS.blockedNumberTypes);
  if (raw.toUpperCase() === 'NONE') return new Set();
  const names = raw.split(',').map((part) => part.trim().toUpperCase()).filter(Boolean);
  const unknown = names.filter((name) => !(NUMBER_TYPES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      'BLOCKED_NUMBER_TYPES',
      `has unknown type(s) ${unknown.join(', ')}; known types are ${NUMBER_TYPES.join(', ')} (NONE blocks none)`,
    );
  }
  return new Set(names as NumberTypeName[]);
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const EVERY_DAY: ReadonlySet<Weekday> = new Set([0, 1, 2, 3, 4, 5, 6]);
const CALLING_HOURS_FORMAT = 'off, country, or a window such as 08:00-21:00 or 09:00-20:00 Mon-Fri,Sat';

/** `off`, `country`, or `HH:MM-HH:MM` followed by optional days (`Mon-Fri`, `Mon,Wed,Fri`, `Sat-Sun`). */
function readCallingHours(env: Env): CallingHoursSetting {
  const raw = optional(env, 'CALLING_HOURS') ?? DEFAULTS.callingHours;
  const lower = raw.toLowerCase();
  if (lower === 'off' || lower === 'country') return { mode: lower };
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(lower);
  const fail = (why: string): never => {
    throw new ConfigurationError('CALLING_HOURS', `must be ${CALLING_HOURS_FORMAT}; "${raw}" ${why}`);
  };
  if (!match) return fail('is none of these');
  const [, fromHours, fromMinutes, toHours, toMinutes, dayList] = match;
  const from = minutesOf(fromHours, fromMinutes);
  const to = minutesOf(toHours, toMinutes);
  if (from === undefined || to === undefined || from >= 24 * 60) return fail('has a time that is not HH:MM from 00:00 to 24:00');
  if (from >= to) return fail('ends before it starts (a window may not span midnight)');
  const days = dayList === undefined ? EVERY_DAY : readDays(dayList);
  if (days === undefined) return fail('has days that are not three-letter English day names or ranges (Mon-Fri)');
  return { mode: 'window', window: { from, to, days } };
}

function minutesOf(hours: string, minutes: string): number | undefined {
  const value = Number(hours) * 60 + Number(minutes);
  return Number(minutes) < 60 && value <= 24 * 60 ? value : undefined;
}

/** `Mon-Fri,Sun` → {1, 2, 3, 4, 5, 0}; a range may wrap the week's end (`Fri-Mon`). */
function readDays(list: string): ReadonlySet<Weekday> | undefined {
  const days = new Set<Weekday>();
  for (const part of list.split(',')) {
    const [first, last = first, extra] = part.split('-').map((name) => WEEKDAYS.indexOf(name as (typeof WEEKDAYS)[number]));
    if (extra !== undefined || first < 0 || last < 0) return undefined;
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(day as Weekday);
      if (day === last) break;
    }
  }
  return days;
}

/** The units a window of MAX_ATTEMPTS_PER_NUMBER may be written in. */
const WINDOW_UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ATTEMPT_CAP = /^(\d{1,3})\/(\d{1,4})([mhd])$/;
/** Caps on the list kept per number: at most this many attempts, over at most a year. */
export const ATTEMPT_CAP_LIMITS = { maxAttempts: 50, maxWindowMs: 366 * 86_400_000 } as const;

function readSuppression(env: Env): SuppressionSettings {
  const tableName = optional(env, 'SUPPRESSIONS_TABLE');
  const attemptCaps = readAttemptCaps(env);
  if (attemptCaps.length > 0 && tableName === undefined) {
    throw new ConfigurationError('MAX_ATTEMPTS_PER_NUMBER', 'needs SUPPRESSIONS_TABLE, the table attempts are counted in');
  }
  return { ...(tableName === undefined ? {} : { tableName }), attemptCaps };
}

/**
 * `off`, or caps such as `3/24h` or `3/24h,4/30d` (attempts / window in m, h or d): every cap holds
 * at once. Empty means the default (none).
 */
function readAttemptCaps(env: Env): readonly AttemptCap[] {
  const raw = optional(env, 'MAX_ATTEMPTS_PER_NUMBER');
  if (raw === undefined || raw.toLowerCase() === 'off') return DEFAULTS.attemptCaps;
  const caps = raw.split(',').map((part) => part.trim());
  return caps.map((text) => {
    const match = ATTEMPT_CAP.exec(text);
    const attempts = match ? Number(match[1]) : 0;
    const windowMs = match ? Number(match[2]) * WINDOW_UNITS_MS[match[3] as keyof typeof WINDOW_UNITS_MS] : 0;
    if (!match || attempts < 1 || attempts > ATTEMPT_CAP_LIMITS.maxAttempts || windowMs < 60_000 || windowMs > ATTEMPT_CAP_LIMITS.maxWindowMs) {
      throw new ConfigurationError(
        'MAX_ATTEMPTS_PER_NUMBER',
        `must be off or attempts per window such as 3/24h or 3/24h,4/30d (1 to ${ATTEMPT_CAP_LIMITS.maxAttempts} attempts, a window of 1m to 366d), got "${text}"`,
      );
    }
    return { attempts, windowMs, text };
  });
}

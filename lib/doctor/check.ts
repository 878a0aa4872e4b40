import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LazyDynamoDB } from '../aws/dynamodb-client';
import type { Config } from '../config';
import type { ConfigurationError } from '../config';
import type { OAuthClient } from '../genesys/credentials';
import type { GetJsonDeps } from '../genesys/get-json';

/** What each check answers: `unknown` means it could not verify (a 403 on a read, a skipped dependency). */
export const CHECK_STATUS = { pass: 'pass', fail: 'fail', unknown: 'unknown' } as const;
export type CheckStatus = (typeof CHECK_STATUS)[keyof typeof CHECK_STATUS];

/** The checks in dependency order (issue 10 §1). */
export const CHECK_IDS = [
  'configuration',
  'secret',
  'login',
  'identity',
  'callUser',
  'queue',
  'permissions',
  'rateLimits',
  'eventBridge',
  'suppressionList',
  'request',
  'call',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  /** One line: what was found. Never a secret, a token or a full number. */
  readonly summary: string;
  /** One line: what to do about it (fail and unknown always have one). */
  readonly fix?: string;
  /** Something that passes but deserves attention (e.g. a budget above the rate limit). */
  readonly warning?: string;
  /** Facts found on the way (names, ids, limits), for the table's detail lines and --json. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export type Outcome = Omit<CheckResult, 'id' | 'title'>;

export const pass = (summary: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'pass', summary, ...extra });
export const fail = (summary: string, fix: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'fail', summary, fix, ...extra });
export const unknown = (summary: string, fix: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'unknown', summary, fix, ...extra });

/** What a doctor run is asked to check. */
export interface DoctorInput {
  /** The settings as the function would load them, or the error that loading them gave. */
  readonly config: Config | ConfigurationError;
  /** Another user to check besides GENESYS_CALL_USER_ID (`--user`); also the user of `--call`. */
  readonly user?: string;
  /** A queue to check (`--queue`); also the `callFromQueueId` of the sample request and of `--call`. */
  readonly queue?: string;
  /** Only with this does the doctor place a call: one real call to this number. */
  readonly call?: string;
  /** Epoch ms by which the whole run ends. */
  readonly deadline: number;
  readonly secretsManager: SecretsManagerClient;
  /** The tables' client (the suppression list's read); default: the SDK's own region and endpoint. */
  readonly dynamodb?: LazyDynamoDB;
}

/** What the checks learn and later checks use. */
export interface DoctorState {
  config?: Config;
  client?: OAuthClient;
  /** Ready once login passed: reads with its token. */
  genesys?: GetJsonDeps;
  /** Where the login host is, as a user would name it: the region's domain, or the URL it was set to. */
  regionLabel?: string;
  organization?: string;
  /** The users whose station and queue membership were checked (configured and --user). */
  users: string[];
}

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  /** Checks that must have passed for this one to run; otherwise it answers unknown. */
  readonly needs: readonly CheckId[];
  /** Whether this run includes the check at all (the queue and the call only when asked). */
  readonly applies?: (input: DoctorInput) => boolean;
  run(input: DoctorInput, state: DoctorState): Promise<Outcome>;
}

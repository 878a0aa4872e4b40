/**
 * Every deploy param of the stack (`--param="<name>=<value>"`), with its rules: the one list to
 * extend when a capability adds a param (CONTRIBUTING.md, "Adding a deploy param").
 * test/unit/deploy-params.test.ts checks that it names exactly the params serverless.yml reads, with
 * the variable each sets, and that docs/configuration.md documents each. scripts/config-check.ts
 * applies it inside `serverless package` and `serverless deploy`, before anything is built.
 */
import { REGIONS } from '../lib/genesys/regions';

/** What is wrong with a param, and the command-line fix. */
export interface ParamProblem {
  readonly problem: string;
  readonly fix: string;
}

export interface DeployParam {
  readonly name: string;
  /**
   * The functions' environment variable the param sets (serverless.yml: `VARIABLE: ${param:name, ''}`).
   * Its value is then checked by lib/config.ts, the code that reads it in Lambda.
   */
  readonly variable?: string;
  /**
   * A rule for the value as given, for what lib/config.ts cannot see: a value CloudFormation reads
   * itself (a condition, an IAM resource, a stage setting). Runs only on a non-empty value.
   */
  readonly rule?: (value: string, name: string) => ParamProblem | undefined;
  /** The fix when lib/config.ts refuses the variable, where "a valid value" would not be enough. */
  readonly fix?: (name: string) => string;
  /** Said once, as a warning, when a stage is packaged without the param. */
  readonly whenMissing?: (name: string) => string;
}

/** Valid values of POWERTOOLS_LOG_LEVEL; Powertools ignores anything else without a word. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

// arn:<partition>:secretsmanager:<region>:<account>:secret:<name>, the name ending in -<6 characters>
// in a full ARN (Secrets Manager's suffix) and without it in a partial one.
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]*):(\d*):secret:(.+?)(-[A-Za-z0-9]{6})?$/;
const PARTNER_EVENT_SOURCE = /^aws\.partner\/genesys\.com\/cloud\/[0-9a-f-]{36}\/[A-Za-z0-9._-]{1,64}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/**
 * An ARN given where the secret's name is expected: the functions' IAM grant is built from the name
 * (`secret:<name>-??????`, serverless.yml), so an ARN there grants nothing that matches. Refused, not
 * reduced to its name: the ARN may name another region or account, which the stack's grant (same
 * region and account) could not reach, and the name is what `create-secret --name` was given.
 */
function secretNameNotArn(value: string, name: string): ParamProblem | undefined {
  const arn = SECRET_ARN.exec(value);
  if (!arn) return undefined;
  const [, region, account, secretName, suffix] = arn;
  const where = `it must be a secret in this stack's own region and account (this ARN names ${region || 'no region'}, account ${account || 'none'})`;
  return {
    problem:
      `Deploy param ${name} is an ARN, but it takes the secret's name: the functions may read only ` +
      `arn:…:secret:<name>-??????, so an ARN there would match no secret and every call would answer 500 credentials_unavailable.`,
    fix:
      `--param="${name}=${secretName}" (the name in this ARN${suffix ? `, without the ${suffix} that Secrets Manager appends to a full ARN` : ''}); ` +
      `${where}.`,
  };
}

/** A value CloudFormation compares as written (`Fn::Equals`), so only these exact spellings work. */
function exactly(values: readonly string[], meaning: string) {
  return (value: string, name: string): ParamProblem | undefined =>
    values.includes(value)
      ? undefined
      : {
          problem: `Deploy param ${name} "${value}" must be exactly ${values.join(' or ')}: ${meaning}.`,
          fix: values.map((allowed) => `--param="${name}=${allowed}"`).join(' or ') + '.',
        };
}

function matching(pattern: RegExp, what: string, example: string) {
  return (value: string, name: string): ParamProblem | undefined =>
    pattern.test(value) ? undefined : { problem: `Deploy param ${name} "${value}" is not ${what}.`, fix: `--param="${name}=${example}", or leave it out.` };
}

function numberFrom(min: number, max: number, { whole }: { whole: boolean }) {
  return (value: string, name: string): ParamProblem | undefined => {
    const number = Number(value);
    const fits = Number.isFinite(number) && (!whole || Number.isInteger(number)) && number >= min && number <= max;
    return fits
      ? undefined
      : {
          problem: `Deploy param ${name} "${value}" must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}.`,
          fix: `--param="${name}=<${min}–${max}>", or leave it out for the default.`,
        };
  };
}

export const DEPLOY_PARAMS: readonly DeployParam[] = [
  {
    name: 'genesysRegion',
    variable: 'GENESYS_REGION',
    fix: (name) =>
      `--param="${name}=<region>" with your Genesys Cloud org's region, as the domain you log in at or the AWS name, one of:\n` +
      Object.entries(REGIONS)
        .map(([region, domain]) => `  ${domain} (${region})`)
        .join('\n'),
  },
  { name: 'genesysApiUrl', variable: 'GENESYS_API_URL' },
  { name: 'genesysLoginUrl', variable: 'GENESYS_LOGIN_URL' },
  { name: 'genesysSecretName', variable: 'GENESYS_CREDENTIALS_SECRET_ID', rule: secretNameNotArn },
  {
    name: 'genesysCallUserId',
    variable: 'GENESYS_CALL_USER_ID',
    fix: (name) =>
      `--param="${name}=<user id>" with the id (a UUID) of the Genesys user whose station places the calls ` +
      `(docs/going-live.md, step 1, shows how to find it), or leave it out if every request names its userId.`,
    whenMissing: (name) =>
      `Deploy param ${name} is not set: a call whose request names no userId goes to Genesys's POST /api/v2/conversations/calls, ` +
      `which refuses the service's client-credentials token, and answers 500 genesys_user_context_required. ` +
      `Set --param="${name}=<user id>" (docs/going-live.md, step 1) unless every request names its userId.`,
  },
  { name: 'genesysTimeoutMs', variable: 'GENESYS_TIMEOUT_MS' },
  { name: 'defaultCountry', variable: 'DEFAULT_COUNTRY' },
  { name: 'allowedCountries', variable: 'ALLOWED_COUNTRIES' },
  { name: 'allowNonGeographicNumbers', variable: 'ALLOW_NON_GEOGRAPHIC_NUMBERS' },
  { name: 'blockedNumberTypes', variable: 'BLOCKED_NUMBER_TYPES' },
  { name: 'idempotencyWindowSeconds', variable: 'IDEMPOTENCY_WINDOW_SECONDS' },
  { name: 'callRecordDays', variable: 'CALL_RECORD_DAYS' },
  { name: 'callLookupAfterSeconds', variable: 'CALL_LOOKUP_AFTER_SECONDS' },
  { name: 'callReadAccess', variable: 'CALL_READ_ACCESS' },
  {
    name: 'callOutcomeEvents',
    variable: 'CALL_OUTCOME_EVENTS',
    // serverless.yml grants events:PutEvents when the param is exactly `true` (Fn::Equals cannot
    // ignore case): any other spelling lib/config.ts accepts would turn the events on without it.
    rule: exactly(['true', 'false'], 'the permission to put Call outcome events is granted only for exactly true'),
  },
  { name: 'callingHours', variable: 'CALLING_HOURS' },
  {
    name: 'maxAttemptsPerNumber',
    variable: 'MAX_ATTEMPTS_PER_NUMBER',
    fix: (name) => `--param="${name}=3/24h" (attempts per window in m, h or d; several caps comma-separated, e.g. 3/24h,4/30d), or leave it out for no cap (docs/suppression.md).`,
  },
  {
    name: 'logLevel',
    variable: 'POWERTOOLS_LOG_LEVEL',
    rule: (value, name) =>
      (LOG_LEVELS as readonly string[]).includes(value)
        ? undefined
        : {
            problem: `Deploy param ${name} "${value}" is not a log level: the logger would ignore it and log at INFO.`,
            fix: `--param="${name}=<level>", one of ${LOG_LEVELS.join(', ')}, or leave it out for INFO.`,
          },
  },
  {
    name: 'genesysEventSource',
    rule: matching(PARTNER_EVENT_SOURCE, 'a Genesys partner event source', 'aws.partner/genesys.com/cloud/<org id>/<suffix>'),
  },
  { name: 'throttleRatePerSecond', rule: numberFrom(1, 10_000, { whole: false }) },
  { name: 'throttleBurst', rule: numberFrom(0, 5_000, { whole: true }) },
  { name: 'alarms', rule: exactly(['true', 'false'], 'the alarms are created only for exactly true') },
  { name: 'alarmTopicArn', rule: matching(SNS_TOPIC_ARN, 'an SNS topic ARN', 'arn:aws:sns:<region>:<account>:<topic>') },
  { name: 'alarm5xxSharePercent', rule: numberFrom(0, 100, { whole: false }) },
  // The event source mapping's maximumConcurrency (2 to 1000, scale-facts §1.4), read by CloudFormation too.
  { name: 'dialConcurrency', variable: 'DIAL_CONCURRENCY', rule: numberFrom(2, 1000, { whole: true }) },
  { name: 'dialRequestsPerMinute', variable: 'DIAL_REQUESTS_PER_MINUTE' },
  // The dial queue's redrive maxReceiveCount, read by SQS and by the dialer (its last receive).
  { name: 'dialMaxReceiveCount', variable: 'DIAL_MAX_RECEIVE_COUNT', rule: numberFrom(1, 1000, { whole: true }) },
  { name: 'dialRetryBaseSeconds', variable: 'DIAL_RETRY_BASE_SECONDS' },
  { name: 'dialQueueAgeAlarmSeconds', rule: numberFrom(60, 1_209_600, { whole: true }) },
  { name: 'batchRecordDays', variable: 'BATCH_RECORD_DAYS' },
];

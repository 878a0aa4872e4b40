/**
 * The settings a stack is about to deploy, checked before anything is packaged. The functions'
 * own rules (lib/config.ts, the code that reads the same variables in Lambda) come first, then the
 * rules that only make sense at deploy time. A problem names the deploy param to change and how.
 * Run by scripts/serverless-config-check.cjs inside `serverless package` and `serverless deploy`.
 */
import type { Config } from '../lib/config';
import { loadConfig } from '../lib/config';
import { ConfigurationError } from '../lib/config';
import { REGIONS } from '../lib/genesys/regions';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Which deploy param sets each environment variable (`GENESYS_REGION` → `genesysRegion`). */
export type ParamNames = Readonly<Record<string, string>>;

interface Problem {
  readonly variable: string;
  readonly problem: string;
  readonly fix: string;
}

/** Valid values of POWERTOOLS_LOG_LEVEL; Powertools ignores anything else without a word. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

/**
 * Settings lib/config.ts accepts alone but that are wrong together, or that other code reads.
 * Each returns a problem, or undefined when the setting is fine.
 */
const DEPLOY_RULES: ReadonlyArray<(config: Config, env: Environment, params: ParamNames) => Problem | undefined> = [
  function defaultCountryIsAllowed({ phone }, env, params) {
    const allowed = phone.allowedCountries;
    if (allowed === '*' || allowed.has(phone.defaultCountry)) return undefined;
    const country = params.DEFAULT_COUNTRY ?? 'DEFAULT_COUNTRY';
    const countries = params.ALLOWED_COUNTRIES ?? 'ALLOWED_COUNTRIES';
    const list = [...allowed].join(',');
    const read = env.DEFAULT_COUNTRY?.trim() ? phone.defaultCountry : `not set, so ${phone.defaultCountry}`;
    return {
      variable: 'DEFAULT_COUNTRY',
      problem: `Deploy param ${country} (${read}) is not among ${countries} (${list}): every number written without + would be read as a ${phone.defaultCountry} number and refused.`,
      fix: `--param="${country}=${[...allowed][0]}" (one of ${list}), or allow it: --param="${countries}=${list},${phone.defaultCountry}".`,
    };
  },
  function outcomeEventsSwitchIsExact(_config, env, params) {
    // serverless.yml grants events:PutEvents when the param is exactly `true` (a CloudFormation
    // Fn::Equals, which cannot ignore case): any other spelling lib/config.ts accepts would turn the
    // events on without the permission to put them.
    const value = env.CALL_OUTCOME_EVENTS?.trim();
    if (!value || value === 'true' || value === 'false') return undefined;
    const param = params.CALL_OUTCOME_EVENTS ?? 'CALL_OUTCOME_EVENTS';
    return {
      variable: 'CALL_OUTCOME_EVENTS',
      problem: `Deploy param ${param} "${value}" must be spelt true or false in lower case: the permission to put the events is granted only for exactly true.`,
      fix: `--param="${param}=true" to put Call outcome events on the default bus, or --param="${param}=false" (the default).`,
    };
  },
  function logLevelIsKnown(_config, env, params) {
    const level = env.POWERTOOLS_LOG_LEVEL?.trim();
    if (!level || (LOG_LEVELS as readonly string[]).includes(level)) return undefined;
    const param = params.POWERTOOLS_LOG_LEVEL ?? 'POWERTOOLS_LOG_LEVEL';
    return {
      variable: 'POWERTOOLS_LOG_LEVEL',
      problem: `Deploy param ${param} "${level}" is not a log level: the logger would ignore it and log at INFO.`,
      fix: `--param="${param}=<level>", one of ${LOG_LEVELS.join(', ')}, or leave it out for INFO.`,
    };
  },
];

/** The fix for a setting lib/config.ts refused, where a generic "set it right" is not enough. */
const FIXES: Readonly<Record<string, (param: string) => string>> = {
  GENESYS_REGION: (param) =>
    `--param="${param}=<region>" with your Genesys Cloud org's region, as the domain you log in at or the AWS name, one of:\n` +
    Object.entries(REGIONS)
      .map(([name, domain]) => `  ${domain} (${name})`)
      .join('\n'),
  GENESYS_CALL_USER_ID: (param) =>
    `--param="${param}=<user id>" with the id (a UUID) of the Genesys user whose station places the calls ` +
    `(docs/going-live.md, step 1, shows how to find it), or leave it out if every request names its userId.`,
};

/** The first problem with the settings, as a message for the person deploying; undefined when there is none. */
export function checkDeployConfig(env: Environment, params: ParamNames): string | undefined {
  const problem = firstProblem(env, params);
  return problem && `${problem.problem}\nFix: ${problem.fix}`;
}

function firstProblem(env: Environment, params: ParamNames): Problem | undefined {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return refused(error, params);
  }
  for (const rule of DEPLOY_RULES) {
    const problem = rule(config, env, params);
    if (problem) return problem;
  }
  return undefined;
}

function refused({ variable, reason }: ConfigurationError, params: ParamNames): Problem {
  const param = params[variable];
  if (param === undefined) {
    // Not a deploy param (a stage's fixed environment in serverless.yml): name the variable.
    return { variable, problem: `${variable} ${reason}.`, fix: `correct ${variable} in serverless.yml.` };
  }
  const problem = `Deploy param ${param}: ${variable} ${reason}.`;
  const fix = FIXES[variable]?.(param) ?? `--param="${param}=…" with a valid value, or leave it out for the default.`;
  return { variable, problem, fix };
}

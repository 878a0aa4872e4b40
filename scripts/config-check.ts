/**
 * The settings a stack is about to deploy, checked before anything is packaged, against the one
 * list of deploy params (scripts/deploy-params.ts): the params as typed (known names, no stray
 * whitespace), then each param's own rule, then the functions' own rules on the environment they
 * will get (lib/config.ts, the code that reads the same variables in Lambda), then the rules that
 * only make sense at deploy time. A problem names the deploy param to change and how.
 * Run by scripts/serverless-config-check.cjs inside `serverless package` and `serverless deploy`.
 */
import { editDistance } from '../lib/calls/call-input';
import type { Config } from '../lib/config';
import { ConfigurationError, loadConfig } from '../lib/config';
import type { DeployParam, ParamProblem } from './deploy-params';
import { DEPLOY_PARAMS } from './deploy-params';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The params of one `serverless package` or `deploy`, as the framework gets them. */
export interface GivenParams {
  /** Each `--param` option as typed: `name=value`. */
  readonly cli: readonly string[];
  /** serverless.yml's `params`: `default` and one section per stage. */
  readonly configured: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
  readonly stage: string;
}

const PARAMS_BY_NAME = new Map(DEPLOY_PARAMS.map((param) => [param.name, param]));
const PARAM_OF_VARIABLE = new Map(DEPLOY_PARAMS.flatMap((param) => (param.variable ? [[param.variable, param] as const] : [])));
const CONFIGURATION_GUIDE = 'docs/configuration.md';

/**
 * Settings lib/config.ts accepts alone but that are wrong together. Each returns a problem, or
 * undefined when the settings agree.
 */
const COMBINATION_RULES: ReadonlyArray<(config: Config, env: Environment) => ParamProblem | undefined> = [
  function defaultCountryIsAllowed({ phone }, env) {
    const allowed = phone.allowedCountries;
    if (allowed === '*' || allowed.has(phone.defaultCountry)) return undefined;
    const country = paramName('DEFAULT_COUNTRY');
    const countries = paramName('ALLOWED_COUNTRIES');
    const list = [...allowed].join(',');
    const read = env.DEFAULT_COUNTRY?.trim() ? phone.defaultCountry : `not set, so ${phone.defaultCountry}`;
    return {
      problem: `Deploy param ${country} (${read}) is not among ${countries} (${list}): every number written without + would be read as a ${phone.defaultCountry} number and refused.`,
      fix: `--param="${country}=${[...allowed][0]}" (one of ${list}), or allow it: --param="${countries}=${list},${phone.defaultCountry}".`,
    };
  },
];

/** The first problem with the params as given, as a message for the person deploying; undefined when there is none. */
export function checkDeployParams(given: GivenParams): string | undefined {
  const problem = firstParamProblem(given);
  return problem && message(problem);
}

/** The first problem with one function's environment, as a message; undefined when there is none. */
export function checkDeployConfig(env: Environment): string | undefined {
  const problem = firstConfigProblem(env);
  return problem && message(problem);
}

/** What a stage packaged with this environment will not do, one message per param left out. */
export function deployWarnings(env: Environment): string[] {
  return DEPLOY_PARAMS.flatMap((param) => (param.whenMissing && param.variable && !env[param.variable]?.trim() ? [param.whenMissing(param.name)] : []));
}

function message({ problem, fix }: ParamProblem): string {
  return `${problem}\nFix: ${fix}`;
}

function firstParamProblem({ cli, configured, stage }: GivenParams): ParamProblem | undefined {
  const typed = cli.map(splitParam);
  const named = [
    ...typed.map(({ name }) => ({ name, where: 'cli' })),
    ...[stage, 'default'].flatMap((section) => Object.keys(configured[section] ?? {}).map((name) => ({ name, where: `serverless.yml params.${section}` }))),
  ];
  for (const { name, value } of typed) {
    const problem = whitespaceIn(name, value);
    if (problem) return problem;
  }
  for (const { name, where } of named) {
    if (!PARAMS_BY_NAME.has(name)) return unknownParam(name, where);
  }
  const resolved: Record<string, unknown> = { ...configured.default, ...configured[stage], ...Object.fromEntries(typed.map(({ name, value }) => [name, value])) };
  for (const param of DEPLOY_PARAMS) {
    const value = resolved[param.name];
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    const problem = text === '' ? undefined : param.rule?.(text, param.name);
    if (problem) return problem;
  }
  return undefined;
}

function splitParam(option: string): { name: string; value: string } {
  const at = option.indexOf('=');
  return at === -1 ? { name: option, value: '' } : { name: option.slice(0, at), value: option.slice(at + 1) };
}

/**
 * The functions trim their settings, but CloudFormation uses a param as written (a condition's
 * Fn::Equals, an IAM resource): `callOutcomeEvents= true` would turn the events on without the
 * permission to put them. So no param may start or end with whitespace, name or value.
 */
function whitespaceIn(name: string, value: string): ParamProblem | undefined {
  if (name === name.trim() && value === value.trim()) return undefined;
  const part = name === name.trim() ? `value ${JSON.stringify(value)}` : `name ${JSON.stringify(name)}`;
  return {
    problem: `Deploy param ${name.trim()}: its ${part} starts or ends with whitespace, which CloudFormation would keep (its conditions and IAM resources compare values as written) while the functions trim it.`,
    fix: `--param="${name.trim()}=${value.trim()}".`,
  };
}

function unknownParam(name: string, where: string): ParamProblem {
  const closest = closestParam(name);
  const origin = where === 'cli' ? `--param="${name}=…"` : `${where} ${name}`;
  return {
    problem: `${origin}: ${name} is not a deploy param of this stack${closest ? `; did you mean ${closest.name}?` : '.'} It would be ignored.`,
    fix: closest
      ? `--param="${closest.name}=…". Every param is listed in ${CONFIGURATION_GUIDE}.`
      : `leave it out, or use one of the params listed in ${CONFIGURATION_GUIDE}.`,
  };
}

/** The known param a misspelt name most likely meant: the nearest, case aside, if within one edit per four letters. */
function closestParam(name: string): DeployParam | undefined {
  const ranked = DEPLOY_PARAMS.map((param) => ({ param, distance: editDistance(name.toLowerCase(), param.name.toLowerCase()) })).sort(
    (a, b) => a.distance - b.distance,
  );
  const [best, second] = ranked;
  const allowance = Math.max(1, Math.floor(name.length / 4));
  // Two names equally near are no hint: a guess could send the deployer to the wrong param.
  if (!best || best.distance > allowance || (second && second.distance === best.distance)) return undefined;
  return best.param;
}

function firstConfigProblem(env: Environment): ParamProblem | undefined {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return refused(error);
  }
  for (const rule of COMBINATION_RULES) {
    const problem = rule(config, env);
    if (problem) return problem;
  }
  return undefined;
}

function paramName(variable: string): string {
  return PARAM_OF_VARIABLE.get(variable)?.name ?? variable;
}

function refused({ variable, reason }: ConfigurationError): ParamProblem {
  const param = PARAM_OF_VARIABLE.get(variable);
  if (param === undefined) {
    // Not a deploy param (a stage's fixed environment in serverless.yml): name the variable.
    return { problem: `${variable} ${reason}.`, fix: `correct ${variable} in serverless.yml.` };
  }
  return {
    problem: `Deploy param ${param.name}: ${variable} ${reason}.`,
    fix: param.fix?.(param.name) ?? `--param="${param.name}=…" with a valid value, or leave it out for the default.`,
  };
}

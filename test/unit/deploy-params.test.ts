import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../../lib/config';
import { DEPLOY_PARAMS } from '../../scripts/deploy-params';

// scripts/deploy-params.ts is the one list of deploy params: it names exactly the params
// serverless.yml reads, with the variable each sets; every setting the functions read can be set on
// a deployed stage (from a param or by the stack itself, a table's name); and docs/configuration.md
// documents each param.

const ROOT = join(__dirname, '..', '..');

interface ServerlessYml {
  params: { default: Record<string, unknown> };
  custom: { environment: { aws: Record<string, unknown> } };
}

const serverlessYmlText = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
const serverlessYml = load(serverlessYmlText) as ServerlessYml;
const deployed = serverlessYml.custom.environment.aws;
const configurationGuide = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
const PARAM = /^\$\{param:(\w+)(, '')?\}$/;

/** The variables loadConfig reads, recorded as it reads them from a valid environment. */
function variablesReadByConfig(): string[] {
  const read = new Set<string>();
  const env: Record<string, string | undefined> = { GENESYS_REGION: 'mypurecloud.ie', GENESYS_CREDENTIALS_SECRET_ID: 'genesys/oauth-client' };
  loadConfig(
    new Proxy(env, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return typeof name === 'string' ? target[name] : undefined;
      },
    }),
  );
  return [...read];
}

/** Params set by a line `VARIABLE: ${param:name, ''}` of the deployed environment. */
const environmentParams = Object.entries(deployed).flatMap(([variable, value]) => {
  const match = typeof value === 'string' ? PARAM.exec(value) : null;
  return match ? [{ variable, name: match[1], emptyFallback: match[2] !== undefined }] : [];
});

/** Every `${param:name…}` serverless.yml reads, outside comments. */
function paramsReadByServerlessYml(): string[] {
  const code = serverlessYmlText
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  return [...new Set([...code.matchAll(/\$\{param:(\w+)/g)].map(([, name]) => name))].sort();
}

describe("serverless.yml's deployed environment", () => {
  it.each(variablesReadByConfig())('sets %s, which lib/config.ts reads', (variable) => {
    expect(Object.keys(deployed)).toContain(variable);
  });

  it.each(environmentParams)('resolves $name when it is left out (empty: the default, or the config check names it)', ({ name, emptyFallback }) => {
    expect(emptyFallback || Object.hasOwn(serverlessYml.params.default, name)).toBe(true);
  });
});

describe('DEPLOY_PARAMS', () => {
  it('names exactly the params serverless.yml reads', () => {
    expect(DEPLOY_PARAMS.map(({ name }) => name).sort()).toEqual(paramsReadByServerlessYml());
  });

  it("gives each param the variable serverless.yml's deployed environment sets from it", () => {
    // Prepare
    const fromYml = Object.fromEntries(environmentParams.map(({ name, variable }) => [name, variable]));

    // Act
    const fromTable = Object.fromEntries(DEPLOY_PARAMS.flatMap(({ name, variable }) => (variable ? [[name, variable]] : [])));

    // Assess
    expect(fromTable).toEqual(fromYml);
  });

  it.each(DEPLOY_PARAMS.map(({ name }) => name))("has %s documented in a row of docs/configuration.md's tables", (name) => {
    expect(configurationGuide).toMatch(new RegExp(`^\\|[^\\n]*\`${name}\`[^\\n]*\\|$`, 'm'));
  });
});

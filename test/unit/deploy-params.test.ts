import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../../lib/config';

// Every setting the functions read can be set on a deployed stage: serverless.yml's deployed
// environment sets it, from a deploy param (`VARIABLE: ${param:name, ''}`) or from the stack itself
// (a table's name), and docs/configuration.md's table names each param.

const ROOT = join(__dirname, '..', '..');

interface ServerlessYml {
  params: { default: Record<string, unknown> };
  custom: { environment: { aws: Record<string, unknown> } };
}

const serverlessYml = load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as ServerlessYml;
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

const params = Object.values(deployed).flatMap((value) => {
  const match = typeof value === 'string' ? PARAM.exec(value) : null;
  return match ? [{ name: match[1], emptyFallback: match[2] !== undefined }] : [];
});

describe("serverless.yml's deployed environment", () => {
  it.each(variablesReadByConfig())('sets %s, which lib/config.ts reads', (variable) => {
    expect(Object.keys(deployed)).toContain(variable);
  });

  it.each(params)('resolves $name when it is left out (empty: the default, or the config check names it)', ({ name, emptyFallback }) => {
    expect(emptyFallback || Object.hasOwn(serverlessYml.params.default, name)).toBe(true);
  });

  it.each(params.map(({ name }) => name))("names %s in docs/configuration.md's table", (name) => {
    expect(configurationGuide).toMatch(new RegExp(`^\\| \`[A-Z_]+\`(, \`[A-Z_]+\`)? \\| [^|]*\`${name}\``, 'm'));
  });
});

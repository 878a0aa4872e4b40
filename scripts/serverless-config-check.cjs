/**
 * serverless plugin: refuses a `serverless package` or `deploy` whose settings the functions would
 * refuse, before anything is bundled, naming the deploy param to fix (scripts/config-check.ts has
 * the rules). Without it, a bad genesysRegion deploys fine and then answers every call with 500.
 *
 * It checks the environment each function will really get, as serverless resolved it for the
 * stage, with the function's own rules (lib/config.ts, loaded through tsx so that there is one copy
 * of them and of the region table). Which param sets which variable is read from serverless.yml's
 * `VARIABLE: ${param:name, ''}` lines, so a new setting written that way is named in messages too.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { register } = require('tsx/cjs/api');

const PARAM_LINE = /^\s+([A-Z][A-Z0-9_]*):\s*\$\{param:(\w+)/gm;

class ServerlessConfigCheck {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      // The first step of packaging (deploy packages first), and of `deploy function`.
      'before:package:cleanup': () => this.check(),
      'before:deploy:function:initialize': () => this.check(),
    };
  }

  check() {
    const { service, serviceDir, configurationFilename } = this.serverless;
    const params = paramNames(readFileSync(path.join(serviceDir, configurationFilename), 'utf8'));
    const tsx = register({ namespace: 'serverless-config-check' });
    const { checkDeployConfig } = tsx.require('./config-check.ts', __filename);
    tsx.unregister();
    for (const name of service.getAllFunctions()) {
      const environment = { ...service.provider.environment, ...service.getFunction(name).environment };
      const problem = checkDeployConfig(asStrings(environment), params);
      if (problem) throw new this.serverless.classes.Error(problem);
    }
  }
}

function paramNames(serverlessYml) {
  return Object.fromEntries([...serverlessYml.matchAll(PARAM_LINE)].map(([, variable, param]) => [variable, param]));
}

/** CloudFormation values (the table's `Ref`) are known only once deployed: any set string stands in. */
function asStrings(environment) {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}

module.exports = ServerlessConfigCheck;

/**
 * serverless plugin: refuses a `serverless package` or `deploy` whose params or settings the stack
 * or its functions would get wrong, before anything is bundled, naming the deploy param to fix
 * (scripts/config-check.ts has the rules, scripts/deploy-params.ts the list of params). Without it,
 * a misspelt param is silently ignored and a bad genesysRegion deploys fine, then answers every
 * call with 500.
 *
 * It checks the params as typed on the command line and set in serverless.yml, then the environment
 * each function will really get, as serverless resolved it for the stage, with the function's own
 * rules (lib/config.ts, loaded through tsx so that there is one copy of them and of the region
 * table). What a stage will not do without a param is said once, as a warning.
 */
const { register } = require('tsx/cjs/api');

class ServerlessConfigCheck {
  constructor(serverless, options, { log } = {}) {
    this.serverless = serverless;
    this.options = options;
    this.log = log;
    this.hooks = {
      // The first step of packaging (deploy packages first), and of `deploy function`.
      'before:package:cleanup': () => this.check(),
      'before:deploy:function:initialize': () => this.check(),
    };
  }

  check() {
    const { service, configurationInput } = this.serverless;
    const tsx = register({ namespace: 'serverless-config-check' });
    const { checkDeployParams, checkDeployConfig, deployWarnings } = tsx.require('./config-check.ts', __filename);
    tsx.unregister();
    const given = { cli: [this.options.param ?? []].flat(), configured: configurationInput.params ?? {}, stage: service.provider.stage };
    const fail = (problem) => {
      if (problem) throw new this.serverless.classes.Error(problem);
    };
    fail(checkDeployParams(given));
    const warnings = new Set();
    for (const name of service.getAllFunctions()) {
      const environment = asStrings({ ...service.provider.environment, ...service.getFunction(name).environment });
      fail(checkDeployConfig(environment));
      for (const warning of deployWarnings(environment)) warnings.add(warning);
    }
    for (const warning of warnings) {
      if (this.log) this.log.warning(warning);
      else console.warn(warning);
    }
  }
}

/** CloudFormation values (the table's `Ref`) are known only once deployed: any set string stands in. */
function asStrings(environment) {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}

module.exports = ServerlessConfigCheck;

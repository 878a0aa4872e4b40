import { checkDeployConfig, checkDeployParams, deployWarnings } from '../../scripts/config-check';

// As serverless.yml's deployed stages set it: every param left out is an empty string.
const deployed = {
  GENESYS_REGION: 'mypurecloud.ie',
  GENESYS_API_URL: '',
  GENESYS_LOGIN_URL: '',
  GENESYS_CREDENTIALS_SECRET_ID: 'genesys/oauth-client',
  GENESYS_CALL_USER_ID: '',
  GENESYS_TIMEOUT_MS: '',
  DEFAULT_COUNTRY: '',
  ALLOWED_COUNTRIES: '',
  BLOCKED_NUMBER_TYPES: '',
  POWERTOOLS_LOG_LEVEL: '',
  IDEMPOTENCY_TABLE: '{"Ref":"IdempotencyTable"}',
  CALL_OUTCOME_EVENTS: 'false',
};

describe('checkDeployConfig', () => {
  it('accepts the settings a deploy with only genesysRegion gets', () => {
    expect(checkDeployConfig(deployed)).toBeUndefined();
  });

  it('accepts a full set of consistent settings', () => {
    // Act
    const problem = checkDeployConfig(
      {
        ...deployed,
        GENESYS_REGION: 'eu-west-1',
        GENESYS_CALL_USER_ID: 'e0000000-0000-4000-8000-000000000001',
        DEFAULT_COUNTRY: 'IE',
        ALLOWED_COUNTRIES: 'IE,GB',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
      },
    );

    // Assess
    expect(problem).toBeUndefined();
  });

  describe('genesysRegion', () => {
    it.each([
      ['missing', '', 'Deploy param genesysRegion: GENESYS_REGION is required'],
      ['not a region', 'not-a-region', 'Deploy param genesysRegion: GENESYS_REGION "not-a-region" is not a Genesys Cloud region'],
    ])('refuses it %s, naming the param and listing every region as the fix', (_case, region, problem) => {
      // Act
      const message = checkDeployConfig({ ...deployed, GENESYS_REGION: region }) ?? '';

      // Assess
      expect(message.startsWith(problem)).toBe(true);
      expect(message).toContain('Fix: --param="genesysRegion=<region>"');
      expect(message).toContain('  mypurecloud.ie (eu-west-1)\n');
      expect(message).toContain('  apne3.pure.cloud (ap-northeast-3)');
    });

    it('is not needed when both Genesys URLs are set', () => {
      // Act
      const problem = checkDeployConfig(
        { ...deployed, GENESYS_REGION: '', GENESYS_API_URL: 'https://api.example.com', GENESYS_LOGIN_URL: 'https://login.example.com' },
      );

      // Assess
      expect(problem).toBeUndefined();
    });
  });

  it('refuses a genesysCallUserId that is not a UUID, saying how to fix it', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, GENESYS_CALL_USER_ID: 'bob' });

    // Assess
    expect(message).toBe(
      'Deploy param genesysCallUserId: GENESYS_CALL_USER_ID "bob" is not a Genesys Cloud id (a UUID such as 5f0e9a3c-…).\n' +
        'Fix: --param="genesysCallUserId=<user id>" with the id (a UUID) of the Genesys user whose station places the calls ' +
        '(docs/going-live.md, step 1, shows how to find it), or leave it out if every request names its userId.',
    );
  });

  describe('defaultCountry', () => {
    it('refuses the default US when allowedCountries leaves it out', () => {
      // Act
      const message = checkDeployConfig({ ...deployed, ALLOWED_COUNTRIES: 'IE,GB' });

      // Assess
      expect(message).toBe(
        'Deploy param defaultCountry (not set, so US) is not among allowedCountries (IE,GB): every number written without + would be read as a US number and refused.\n' +
          'Fix: --param="defaultCountry=IE" (one of IE,GB), or allow it: --param="allowedCountries=IE,GB,US".',
      );
    });

    it('refuses a set one outside allowedCountries', () => {
      // Act
      const message = checkDeployConfig({ ...deployed, DEFAULT_COUNTRY: 'fr', ALLOWED_COUNTRIES: 'IE' }) ?? '';

      // Assess
      expect(message.split('\n')[0]).toBe(
        'Deploy param defaultCountry (FR) is not among allowedCountries (IE): every number written without + would be read as a FR number and refused.',
      );
    });

    it('accepts any with allowedCountries=*', () => {
      expect(checkDeployConfig({ ...deployed, DEFAULT_COUNTRY: 'FR', ALLOWED_COUNTRIES: '*' })).toBeUndefined();
    });
  });

  it('refuses any other setting the function would refuse, with the function\'s own reason', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, GENESYS_TIMEOUT_MS: '5s' });

    // Assess
    expect(message).toBe(
      'Deploy param genesysTimeoutMs: GENESYS_TIMEOUT_MS must be a whole number from 100 to 900000, got "5s".\n' +
        'Fix: --param="genesysTimeoutMs=…" with a valid value, or leave it out for the default.',
    );
  });

  it('refuses an empty genesysSecretName, which has a default only while it is left out', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, GENESYS_CREDENTIALS_SECRET_ID: '' });

    // Assess
    expect(message).toBe('Deploy param genesysSecretName: GENESYS_CREDENTIALS_SECRET_ID is required but not set.\nFix: --param="genesysSecretName=…" with a valid value, or leave it out for the default.');
  });

  it('refuses a Genesys URL that is not http(s), naming its param', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, GENESYS_API_URL: 'ftp://x', GENESYS_LOGIN_URL: 'https://login.example.com' }) ?? '';

    // Assess
    expect(message.split('\n')[0]).toBe('Deploy param genesysApiUrl: GENESYS_API_URL must be an http(s) URL, got "ftp:".');
  });
});

describe('checkDeployParams', () => {
  const given = (cli: string[], stageParams: Record<string, unknown> = {}) => ({
    cli,
    configured: { default: { genesysSecretName: 'genesys/oauth-client', throttleRatePerSecond: 5, throttleBurst: 10, callOutcomeEvents: 'false' }, ci: stageParams },
    stage: 'ci',
  });

  it("accepts serverless.yml's defaults with a full set of good params", () => {
    // Act
    const problem = checkDeployParams(
      given([
        'genesysRegion=mypurecloud.ie',
        'genesysCallUserId=e0000000-0000-4000-8000-000000000001',
        'callOutcomeEvents=true',
        'logLevel=DEBUG',
        'genesysEventSource=aws.partner/genesys.com/cloud/e0000000-0000-4000-8000-0000000000a0/prod',
        'alarmTopicArn=arn:aws:sns:eu-west-1:123456789012:alerts',
        'alarm5xxSharePercent=2.5',
        'throttleRatePerSecond=2.5',
        'throttleBurst=0',
        'alarms=false',
      ]),
    );

    // Assess
    expect(problem).toBeUndefined();
  });

  it.each([
    ['genesysCallUserID', 'genesysCallUserId'],
    ['genesysRegio', 'genesysRegion'],
    ['callOutcomeEvent', 'callOutcomeEvents'],
    ['GENESYSREGION', 'genesysRegion'],
  ])('refuses the unknown name %s, naming the closest known one', (typed, meant) => {
    // Act
    const message = checkDeployParams(given([`${typed}=x`]));

    // Assess
    expect(message).toBe(
      `--param="${typed}=…": ${typed} is not a deploy param of this stack; did you mean ${meant}? It would be ignored.\n` +
        `Fix: --param="${meant}=…". Every param is listed in docs/configuration.md.`,
    );
  });

  it('refuses an unknown name close to no known one without a guess', () => {
    expect(checkDeployParams(given(['region=x']))).toBe(
      '--param="region=…": region is not a deploy param of this stack. It would be ignored.\n' +
        'Fix: leave it out, or use one of the params listed in docs/configuration.md.',
    );
  });

  it("refuses an unknown name in serverless.yml's params of the stage", () => {
    expect(checkDeployParams(given([], { genesysRegon: 'mypurecloud.ie' }))?.split('\n')[0]).toBe(
      'serverless.yml params.ci genesysRegon: genesysRegon is not a deploy param of this stack; did you mean genesysRegion? It would be ignored.',
    );
  });

  it.each([
    ['callOutcomeEvents= true', 'value " true"', 'callOutcomeEvents=true'],
    ['genesysRegion=mypurecloud.ie ', 'value "mypurecloud.ie "', 'genesysRegion=mypurecloud.ie'],
    [' genesysRegion=mypurecloud.ie', 'name " genesysRegion"', 'genesysRegion=mypurecloud.ie'],
    ['genesysCallUserId=\te0000000-0000-4000-8000-000000000001', 'value "\\te0000000-0000-4000-8000-000000000001"', 'genesysCallUserId=e0000000-0000-4000-8000-000000000001'],
  ])('refuses %j, whose whitespace CloudFormation would keep', (typed, part, fixed) => {
    // Act
    const message = checkDeployParams(given([typed]));

    // Assess
    expect(message).toBe(
      `Deploy param ${fixed.split('=')[0]}: its ${part} starts or ends with whitespace, which CloudFormation would keep (its conditions and IAM resources compare values as written) while the functions trim it.\n` +
        `Fix: --param="${fixed}".`,
    );
  });

  it.each([
    [
      'a full ARN',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:genesys/oauth-client-AbCdEf',
      'genesys/oauth-client" (the name in this ARN, without the -AbCdEf that Secrets Manager appends to a full ARN); it must be a secret in this stack\'s own region and account (this ARN names eu-west-1, account 123456789012).',
    ],
    [
      'a partial ARN',
      'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/genesys',
      'prod/genesys" (the name in this ARN); it must be a secret in this stack\'s own region and account (this ARN names us-gov-west-1, account 123456789012).',
    ],
  ])('refuses %s as genesysSecretName, naming the secret name to give instead', (_case, arn, fix) => {
    // Act
    const message = checkDeployParams(given([`genesysSecretName=${arn}`]));

    // Assess
    expect(message).toBe(
      "Deploy param genesysSecretName is an ARN, but it takes the secret's name: the functions may read only arn:…:secret:<name>-??????, so an ARN there would match no secret and every call would answer 500 credentials_unavailable.\n" +
        `Fix: --param="genesysSecretName=${fix}`,
    );
  });

  it('accepts a secret name that merely contains "arn"', () => {
    expect(checkDeployParams(given(['genesysSecretName=arn/genesys']))).toBeUndefined();
  });

  it.each(['TRUE', 'True', 'yes'])('refuses callOutcomeEvents=%s: the permission to put events follows only exactly true', (value) => {
    expect(checkDeployParams(given([`callOutcomeEvents=${value}`]))).toBe(
      `Deploy param callOutcomeEvents "${value}" must be exactly true or false: the permission to put Call outcome events is granted only for exactly true.\n` +
        'Fix: --param="callOutcomeEvents=true" or --param="callOutcomeEvents=false".',
    );
  });

  it('refuses a log level the logger would ignore', () => {
    expect(checkDeployParams(given(['logLevel=LOUD']))).toBe(
      'Deploy param logLevel "LOUD" is not a log level: the logger would ignore it and log at INFO.\n' +
        'Fix: --param="logLevel=<level>", one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, or leave it out for INFO.',
    );
  });

  it.each([
    ['alarms=False', 'Deploy param alarms "False" must be exactly true or false: the alarms are created only for exactly true.'],
    ['throttleBurst=1.5', 'Deploy param throttleBurst "1.5" must be a whole number from 0 to 5000.'],
    ['throttleRatePerSecond=0', 'Deploy param throttleRatePerSecond "0" must be a number from 1 to 10000.'],
    ['alarm5xxSharePercent=150', 'Deploy param alarm5xxSharePercent "150" must be a number from 0 to 100.'],
    ['alarmTopicArn=my-topic', 'Deploy param alarmTopicArn "my-topic" is not an SNS topic ARN.'],
    ['genesysEventSource=genesys', 'Deploy param genesysEventSource "genesys" is not a Genesys partner event source.'],
  ])('refuses %s, a value CloudFormation reads itself', (typed, problem) => {
    expect(checkDeployParams(given([typed]))?.split('\n')[0]).toBe(problem);
  });

  it("checks serverless.yml's own values too, the command line's winning over them", () => {
    // Act
    const fromYml = checkDeployParams(given([], { alarms: 'yes' }));
    const overridden = checkDeployParams(given(['alarms=true'], { alarms: 'yes' }));

    // Assess
    expect({ fromYml: fromYml?.split('\n')[0], overridden }).toEqual({
      fromYml: 'Deploy param alarms "yes" must be exactly true or false: the alarms are created only for exactly true.',
      overridden: undefined,
    });
  });
});

describe('deployWarnings', () => {
  it('says, once, that calls naming no userId will fail when genesysCallUserId is left out', () => {
    expect(deployWarnings(deployed)).toEqual([
      "Deploy param genesysCallUserId is not set: a call whose request names no userId goes to Genesys's POST /api/v2/conversations/calls, " +
        "which refuses the service's client-credentials token, and answers 500 genesys_user_context_required. " +
        'Set --param="genesysCallUserId=<user id>" (docs/going-live.md, step 1) unless every request names its userId.',
    ]);
  });

  it('says nothing when every param that needs a word is set', () => {
    expect(deployWarnings({ ...deployed, GENESYS_CALL_USER_ID: 'e0000000-0000-4000-8000-000000000001' })).toEqual([]);
  });
});

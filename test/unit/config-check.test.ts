import { checkDeployConfig } from '../../scripts/config-check';

// The params of serverless.yml's `VARIABLE: ${param:name, ''}` lines.
const PARAMS = {
  GENESYS_REGION: 'genesysRegion',
  GENESYS_CREDENTIALS_SECRET_ID: 'genesysSecretName',
  GENESYS_CALL_USER_ID: 'genesysCallUserId',
  GENESYS_TIMEOUT_MS: 'genesysTimeoutMs',
  DEFAULT_COUNTRY: 'defaultCountry',
  ALLOWED_COUNTRIES: 'allowedCountries',
  POWERTOOLS_LOG_LEVEL: 'logLevel',
  CALL_OUTCOME_EVENTS: 'callOutcomeEvents',
};

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
    expect(checkDeployConfig(deployed, PARAMS)).toBeUndefined();
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
      PARAMS,
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
      const message = checkDeployConfig({ ...deployed, GENESYS_REGION: region }, PARAMS) ?? '';

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
        PARAMS,
      );

      // Assess
      expect(problem).toBeUndefined();
    });
  });

  it('refuses a genesysCallUserId that is not a UUID, saying how to fix it', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, GENESYS_CALL_USER_ID: 'bob' }, PARAMS);

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
      const message = checkDeployConfig({ ...deployed, ALLOWED_COUNTRIES: 'IE,GB' }, PARAMS);

      // Assess
      expect(message).toBe(
        'Deploy param defaultCountry (not set, so US) is not among allowedCountries (IE,GB): every number written without + would be read as a US number and refused.\n' +
          'Fix: --param="defaultCountry=IE" (one of IE,GB), or allow it: --param="allowedCountries=IE,GB,US".',
      );
    });

    it('refuses a set one outside allowedCountries', () => {
      // Act
      const message = checkDeployConfig({ ...deployed, DEFAULT_COUNTRY: 'fr', ALLOWED_COUNTRIES: 'IE' }, PARAMS) ?? '';

      // Assess
      expect(message.split('\n')[0]).toBe(
        'Deploy param defaultCountry (FR) is not among allowedCountries (IE): every number written without + would be read as a FR number and refused.',
      );
    });

    it('accepts any with allowedCountries=*', () => {
      expect(checkDeployConfig({ ...deployed, DEFAULT_COUNTRY: 'FR', ALLOWED_COUNTRIES: '*' }, PARAMS)).toBeUndefined();
    });
  });

  it('refuses a log level the logger would ignore', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, POWERTOOLS_LOG_LEVEL: 'LOUD' }, PARAMS);

    // Assess
    expect(message).toBe(
      'Deploy param logLevel "LOUD" is not a log level: the logger would ignore it and log at INFO.\n' +
        'Fix: --param="logLevel=<level>", one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, or leave it out for INFO.',
    );
  });

  describe('callOutcomeEvents', () => {
    it.each(['true', 'false'])('accepts %s', (value) => {
      expect(checkDeployConfig({ ...deployed, CALL_OUTCOME_EVENTS: value }, PARAMS)).toBeUndefined();
    });

    it.each(['TRUE', 'True', 'FALSE'])('refuses %s, which the function reads but the permission to put events would not follow', (value) => {
      // Act
      const message = checkDeployConfig({ ...deployed, CALL_OUTCOME_EVENTS: value }, PARAMS);

      // Assess
      expect(message).toBe(
        `Deploy param callOutcomeEvents "${value}" must be spelt true or false in lower case: the permission to put the events is granted only for exactly true.\n` +
          'Fix: --param="callOutcomeEvents=true" to put Call outcome events on the default bus, or --param="callOutcomeEvents=false" (the default).',
      );
    });

    it('refuses a value the function would refuse, with its own reason', () => {
      expect(checkDeployConfig({ ...deployed, CALL_OUTCOME_EVENTS: 'yes' }, PARAMS)).toContain('CALL_OUTCOME_EVENTS');
    });
  });

  it('refuses any other setting the function would refuse, with the function\'s own reason', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, GENESYS_TIMEOUT_MS: '5s' }, PARAMS);

    // Assess
    expect(message).toBe(
      'Deploy param genesysTimeoutMs: GENESYS_TIMEOUT_MS must be a whole number from 100 to 900000, got "5s".\n' +
        'Fix: --param="genesysTimeoutMs=…" with a valid value, or leave it out for the default.',
    );
  });

  it('names the variable itself when no param sets it', () => {
    // Act
    const message = checkDeployConfig({ ...deployed, BLOCKED_NUMBER_TYPES: 'PREMIUM' }, PARAMS) ?? '';

    // Assess
    expect(message).toMatch(/^BLOCKED_NUMBER_TYPES has unknown type\(s\) PREMIUM; .*\nFix: correct BLOCKED_NUMBER_TYPES in serverless.yml\.$/);
  });
});

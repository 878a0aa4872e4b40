import { ConfigurationError } from '../../lib/config';
import { DEFAULTS, loadConfig } from '../../lib/config';

const base = { GENESYS_REGION: 'mypurecloud.ie', GENESYS_CREDENTIALS_SECRET_ID: 'genesys/oauth-client' };

function errorOf(env: Record<string, string>): ConfigurationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    // Act
    const config = loadConfig(base);

    // Assess
    expect(config).toEqual({
      genesys: {
        apiUrl: 'https://api.mypurecloud.ie',
        loginUrl: 'https://login.mypurecloud.ie',
        credentialsSecretId: 'genesys/oauth-client',
        callUserId: undefined,
        timeoutMs: 5000,
      },
      phone: {
        defaultCountry: 'US',
        allowedCountries: new Set(['US']),
        blockedNumberTypes: new Set(['PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL', 'UNKNOWN']),
        allowNonGeographic: false,
      },
      scheduled: { concurrency: 5, requestsPerMinute: 240 },
      idempotency: { tableName: undefined, windowSeconds: 3600 },
      calls: { tableName: undefined, recordDays: 30, lookupAfterSeconds: 5 },
      outcomeEvents: { enabled: false },
    });
  });

  it('reads every setting', () => {
    // Act
    const config = loadConfig({
      GENESYS_API_URL: 'http://127.0.0.1:9100/',
      GENESYS_LOGIN_URL: 'http://127.0.0.1:9100',
      GENESYS_CREDENTIALS_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:genesys-AbCdEf',
      GENESYS_CALL_USER_ID: 'E0000000-0000-4000-8000-000000000001',
      DEFAULT_COUNTRY: 'gb',
      ALLOWED_COUNTRIES: 'GB, IE,je',
      BLOCKED_NUMBER_TYPES: 'premium_rate',
      ALLOW_NON_GEOGRAPHIC_NUMBERS: 'true',
      GENESYS_TIMEOUT_MS: '8000',
      SCHEDULED_CONCURRENCY: '3',
      SCHEDULED_REQUESTS_PER_MINUTE: '100',
      IDEMPOTENCY_TABLE: 'calls-idempotency',
      IDEMPOTENCY_WINDOW_SECONDS: '600',
      CALLS_TABLE: 'calls',
      CALL_RECORD_DAYS: '7',
      CALL_LOOKUP_AFTER_SECONDS: '0',
      CALL_OUTCOME_EVENTS: 'true',
    });

    // Assess
    expect(config).toEqual({
      genesys: {
        apiUrl: 'http://127.0.0.1:9100',
        loginUrl: 'http://127.0.0.1:9100',
        credentialsSecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:genesys-AbCdEf',
        callUserId: 'E0000000-0000-4000-8000-000000000001',
        timeoutMs: 8000,
      },
      phone: {
        defaultCountry: 'GB',
        allowedCountries: new Set(['GB', 'IE', 'JE']),
        blockedNumberTypes: new Set(['PREMIUM_RATE']),
        allowNonGeographic: true,
      },
      scheduled: { concurrency: 3, requestsPerMinute: 100 },
      idempotency: { tableName: 'calls-idempotency', windowSeconds: 600 },
      calls: { tableName: 'calls', recordDays: 7, lookupAfterSeconds: 0 },
      outcomeEvents: { enabled: true },
    });
  });

  it('accepts ALLOWED_COUNTRIES=* and BLOCKED_NUMBER_TYPES=NONE', () => {
    // Act
    const config = loadConfig({ ...base, ALLOWED_COUNTRIES: '*', BLOCKED_NUMBER_TYPES: 'none' });

    // Assess
    expect(config.phone.allowedCountries).toBe('*');
    expect(config.phone.blockedNumberTypes).toEqual(new Set());
  });

  it('keeps the toll-fraud defaults when BLOCKED_NUMBER_TYPES is empty, as a template may leave it', () => {
    // Act
    const config = loadConfig({ ...base, BLOCKED_NUMBER_TYPES: ' ' });

    // Assess
    expect(config.phone.blockedNumberTypes).toEqual(new Set(DEFAULTS.blockedNumberTypes));
  });

  it.each([
    ['false', false],
    ['TRUE', true],
    [' ', false],
  ])('reads ALLOW_NON_GEOGRAPHIC_NUMBERS=%p as %p (empty keeps the default: refused)', (raw, allowed) => {
    // Act
    const config = loadConfig({ ...base, ALLOW_NON_GEOGRAPHIC_NUMBERS: raw });

    // Assess
    expect(config.phone.allowNonGeographic).toBe(allowed);
  });

  it.each(['constructor', 'toString', '__proto__'])('refuses GENESYS_REGION=%s rather than reading an object property', (region) => {
    expect(errorOf({ ...base, GENESYS_REGION: region })).toMatchObject({ variable: 'GENESYS_REGION' });
  });

  it('lets one URL override one host of the region', () => {
    // Act
    const config = loadConfig({ ...base, GENESYS_API_URL: 'https://proxy.example.com/genesys' });

    // Assess
    expect(config.genesys).toMatchObject({ apiUrl: 'https://proxy.example.com/genesys', loginUrl: 'https://login.mypurecloud.ie' });
  });

  it.each([
    [{ GENESYS_CREDENTIALS_SECRET_ID: 's' }, 'GENESYS_REGION'],
    [{ ...base, GENESYS_REGION: 'mars-1' }, 'GENESYS_REGION'],
    [{ GENESYS_REGION: 'us-east-1' }, 'GENESYS_CREDENTIALS_SECRET_ID'],
    [{ ...base, GENESYS_CREDENTIALS_SECRET_ID: '  ' }, 'GENESYS_CREDENTIALS_SECRET_ID'],
    [{ ...base, GENESYS_API_URL: 'not a url', GENESYS_LOGIN_URL: 'http://x' }, 'GENESYS_API_URL'],
    [{ ...base, GENESYS_API_URL: 'ftp://x', GENESYS_LOGIN_URL: 'http://x' }, 'GENESYS_API_URL'],
    [{ ...base, GENESYS_CALL_USER_ID: 'bob' }, 'GENESYS_CALL_USER_ID'],
    [{ ...base, DEFAULT_COUNTRY: 'USA' }, 'DEFAULT_COUNTRY'],
    [{ ...base, ALLOWED_COUNTRIES: 'US,XX' }, 'ALLOWED_COUNTRIES'],
    [{ ...base, ALLOWED_COUNTRIES: ',' }, 'ALLOWED_COUNTRIES'],
    [{ ...base, BLOCKED_NUMBER_TYPES: 'PREMIUM' }, 'BLOCKED_NUMBER_TYPES'],
    [{ ...base, ALLOW_NON_GEOGRAPHIC_NUMBERS: 'yes' }, 'ALLOW_NON_GEOGRAPHIC_NUMBERS'],
    [{ ...base, GENESYS_TIMEOUT_MS: '5s' }, 'GENESYS_TIMEOUT_MS'],
    [{ ...base, GENESYS_TIMEOUT_MS: '0' }, 'GENESYS_TIMEOUT_MS'],
    [{ ...base, SCHEDULED_CONCURRENCY: '0' }, 'SCHEDULED_CONCURRENCY'],
    [{ ...base, IDEMPOTENCY_WINDOW_SECONDS: '0' }, 'IDEMPOTENCY_WINDOW_SECONDS'],
  ])('names the bad variable in %j', (env, variable) => {
    // Act
    const error = errorOf(env);

    // Assess
    expect(error).toMatchObject({ code: 'configuration_error', variable });
    expect(error.message).toContain(variable);
  });
});

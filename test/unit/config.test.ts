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
      idempotency: { tableName: undefined, windowSeconds: 3600 },
      calls: { tableName: undefined, recordDays: 30, lookupAfterSeconds: 5, readAccess: 'owner' },
      outcomeEvents: { enabled: false },
      callingHours: { mode: 'off' },
      hashKey: { secretId: undefined },
      dial: { queueUrl: undefined, concurrency: 2, requestsPerMinute: 240, maxReceiveCount: 10, recordSeconds: 1_641_600, retryBaseSeconds: 15 },
      batches: { tableName: undefined, recordDays: 30 },
      later: { group: undefined, roleArn: undefined, queueArn: undefined, deadLetterQueueArn: undefined },
      suppression: { attemptCaps: [] },
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
      IDEMPOTENCY_TABLE: 'calls-idempotency',
      IDEMPOTENCY_WINDOW_SECONDS: '600',
      CALLS_TABLE: 'calls',
      CALL_RECORD_DAYS: '7',
      CALL_LOOKUP_AFTER_SECONDS: '0',
      CALL_READ_ACCESS: 'account',
      CALL_OUTCOME_EVENTS: 'true',
      CALLING_HOURS: 'country',
      HASH_KEY_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:HashKeySecret-AbCdEf',
      SCHEDULE_GROUP: 'genesys-outbound-call-dev',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/genesys-outbound-call-dev-scheduler',
      DIAL_QUEUE_ARN: 'arn:aws:sqs:eu-west-1:123456789012:dial',
      DIAL_DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:eu-west-1:123456789012:dial-dlq',
      DIAL_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dial',
      DIAL_CONCURRENCY: '5',
      DIAL_REQUESTS_PER_MINUTE: '6000',
      DIAL_MAX_RECEIVE_COUNT: '4',
      DIAL_RECORD_SECONDS: '86400',
      DIAL_RETRY_BASE_SECONDS: '1',
      BATCHES_TABLE: 'batches',
      BATCH_RECORD_DAYS: '3',
      SUPPRESSIONS_TABLE: 'suppressions',
      MAX_ATTEMPTS_PER_NUMBER: '3/24h, 4/30d',
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
      idempotency: { tableName: 'calls-idempotency', windowSeconds: 600 },
      calls: { tableName: 'calls', recordDays: 7, lookupAfterSeconds: 0, readAccess: 'account' },
      outcomeEvents: { enabled: true },
      callingHours: { mode: 'country' },
      hashKey: { secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:HashKeySecret-AbCdEf' },
      dial: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dial', concurrency: 5, requestsPerMinute: 6000, maxReceiveCount: 4, recordSeconds: 86_400, retryBaseSeconds: 1 },
      batches: { tableName: 'batches', recordDays: 3 },
      later: {
        group: 'genesys-outbound-call-dev',
        roleArn: 'arn:aws:iam::123456789012:role/genesys-outbound-call-dev-scheduler',
        queueArn: 'arn:aws:sqs:eu-west-1:123456789012:dial',
        deadLetterQueueArn: 'arn:aws:sqs:eu-west-1:123456789012:dial-dlq',
      },
      suppression: {
        tableName: 'suppressions',
        attemptCaps: [
          { attempts: 3, windowMs: 86_400_000, text: '3/24h' },
          { attempts: 4, windowMs: 30 * 86_400_000, text: '4/30d' },
        ],
      },
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

  it.each([['off'], ['OFF'], [' ']])('reads MAX_ATTEMPTS_PER_NUMBER=%p as no cap', (raw) => {
    // Act
    const config = loadConfig({ ...base, SUPPRESSIONS_TABLE: 't', MAX_ATTEMPTS_PER_NUMBER: raw });

    // Assess
    expect(config.suppression.attemptCaps).toEqual([]);
  });

  it.each([
    ['1/1m', 1, 60_000],
    ['50/366d', 50, 366 * 86_400_000],
    ['5/90m', 5, 90 * 60_000],
  ])('reads the cap %s at its bounds', (raw, attempts, windowMs) => {
    // Act
    const config = loadConfig({ ...base, SUPPRESSIONS_TABLE: 't', MAX_ATTEMPTS_PER_NUMBER: raw });

    // Assess
    expect(config.suppression.attemptCaps).toEqual([{ attempts, windowMs, text: raw }]);
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
    [{ ...base, IDEMPOTENCY_WINDOW_SECONDS: '0' }, 'IDEMPOTENCY_WINDOW_SECONDS'],
    [{ ...base, CALLING_HOURS: 'business' }, 'CALLING_HOURS'],
    [{ ...base, CALL_READ_ACCESS: 'everyone' }, 'CALL_READ_ACCESS'],
    [{ ...base, CALL_READ_ACCESS: 'Account' }, 'CALL_READ_ACCESS'],
    [{ ...base, MAX_ATTEMPTS_PER_NUMBER: '3/24h' }, 'MAX_ATTEMPTS_PER_NUMBER'],
    ...['3', '3/24', '3 per 24h', '0/24h', '51/24h', '3/0m', '3/367d', '3/24h,', '-1/24h', '3/24w'].map(
      (raw): [Record<string, string>, string] => [{ ...base, SUPPRESSIONS_TABLE: 't', MAX_ATTEMPTS_PER_NUMBER: raw }, 'MAX_ATTEMPTS_PER_NUMBER'],
    ),
  ] as Array<[Record<string, string>, string]>)('names the bad variable in %j', (env, variable) => {
    // Act
    const error = errorOf(env);

    // Assess
    expect(error).toMatchObject({ code: 'configuration_error', variable });
    expect(error.message).toContain(variable);
  });

  describe('CALLING_HOURS', () => {
    const every = [0, 1, 2, 3, 4, 5, 6];

    it.each([
      ['OFF', { mode: 'off' }],
      ['Country', { mode: 'country' }],
      ['08:00-21:00', { mode: 'window', window: { from: 480, to: 1260, days: new Set(every) } }],
      ['09:30-24:00 Mon-Fri', { mode: 'window', window: { from: 570, to: 1440, days: new Set([1, 2, 3, 4, 5]) } }],
      ['10:00-18:00 sat-sun', { mode: 'window', window: { from: 600, to: 1080, days: new Set([6, 0]) } }],
      ['09:00-17:00 Fri-Mon,Wed', { mode: 'window', window: { from: 540, to: 1020, days: new Set([5, 6, 0, 1, 3]) } }],
    ])('reads %p', (raw, setting) => {
      // Act / Assess
      expect(loadConfig({ ...base, CALLING_HOURS: raw }).callingHours).toEqual(setting);
    });

    it.each([
      ['21:00-08:00', 'ends before it starts'],
      ['08:00-08:00', 'ends before it starts'],
      ['8:00-21:00', 'is none of these'],
      ['08:60-21:00', 'HH:MM from 00:00 to 24:00'],
      ['24:00-24:00', 'HH:MM from 00:00 to 24:00'],
      ['08:00-24:01', 'HH:MM from 00:00 to 24:00'],
      ['08:00-21:00 Weekdays', 'three-letter English day names'],
      ['08:00-21:00 Mon-Tue-Wed', 'three-letter English day names'],
      ['08:00-21:00 Mon-', 'three-letter English day names'],
    ])('refuses %p: it %s', (raw, why) => {
      // Act
      const error = errorOf({ ...base, CALLING_HOURS: raw });

      // Assess
      expect(error.variable).toBe('CALLING_HOURS');
      expect(error.message).toContain(why);
      expect(error.message).toContain('off, country, or a window such as 08:00-21:00');
    });
  });
});

import { ProblemError } from '../../lib/problems/errors';
import { CredentialsError, GenesysError, GenesysNetworkError, GenesysTimeoutError } from '../../lib/genesys/errors';
import { toProblem } from '../../lib/problems/problem';
import type { CallStage } from '../../lib/calls/call-stage';
import { CALL_STAGES, stageOf } from '../../lib/calls/call-stage';
import type { AttemptFailure } from '../../lib/scheduled/failure-policy';
import { isSafeToRetry } from '../../lib/scheduled/failure-policy';

const genesys = (fields: Partial<ConstructorParameters<typeof GenesysError>[0]>) => new GenesysError({ operation: 'createCall', status: 400, ...fields });

describe('stageOf', () => {
  // [outcome, stage, may the call exist, does every call meet it, error behind the problem]
  const rows: Array<[string, CallStage, boolean, boolean, unknown]> = [
    ['Secrets Manager unreachable', 'credentials', false, true, new CredentialsError('unavailable', 's', 'GetSecretValue failed with ThrottlingException')],
    ['secret malformed', 'credentials', false, true, new CredentialsError('invalid', 's', 'its SecretString is not JSON')],
    ['login host refused the connection', 'token', false, true, new GenesysNetworkError('token', false)],
    ['login host dropped the connection', 'token', false, true, new GenesysNetworkError('token', true)],
    ['login host timed out', 'token', false, true, new GenesysTimeoutError('token', 5000)],
    ['login host 503', 'token', false, true, genesys({ operation: 'token', status: 503 })],
    ['login host 401 invalid_client', 'token', false, true, genesys({ operation: 'token', status: 401, code: 'invalid_client' })],
    ['API host refused a fresh token too (401)', 'tokenRefused', false, true, genesys({ status: 401, code: 'bad.credentials' })],
    ['API host refused the connection', 'notConnected', false, false, new GenesysNetworkError('createCall', false)],
    ['429', 'refused', false, false, genesys({ status: 429, code: 'too.many.requests.retry.after' })],
    ['400 invalid.value', 'refused', false, false, genesys({ status: 400, code: 'invalid.value' })],
    ['403', 'refused', false, false, genesys({ status: 403, code: 'missing.any.permissions' })],
    ['404', 'refused', false, false, genesys({ status: 404, code: 'not.found' })],
    ['500', 'unknown', true, false, genesys({ status: 500 })],
    ['503', 'unknown', true, false, genesys({ status: 503 })],
    ['a success without an id', 'unknown', true, false, genesys({ status: 200, code: 'malformed_response' })],
    ['dropped connection', 'unknown', true, false, new GenesysNetworkError('createCall', true)],
    ['timeout', 'unknown', true, false, new GenesysTimeoutError('createCall', 5000)],
    ['an error we do not know', 'unknown', true, false, new TypeError('x is undefined')],
  ];

  it.each(rows)('%s → %s (call may exist: %s, met by every call: %s)', (_outcome, stage, callMayExist, sharedByAllCalls, error) => {
    // Act
    const found = stageOf(toProblem(error));

    // Assess
    expect({ stage: found, ...CALL_STAGES[found] }).toEqual({ stage, callMayExist, sharedByAllCalls });
  });

  it('reads a problem without a Genesys cause (e.g. thrown by our own checks) as unknown: the safe side', () => {
    // Act / Assess
    expect(stageOf(new ProblemError('invalid_request', { detail: 'x' }))).toBe('unknown');
  });
});

describe('isSafeToRetry', () => {
  const tokenDown: AttemptFailure = { code: 'genesys_unavailable', stage: 'token' };
  const loginTimeout: AttemptFailure = { code: 'genesys_timeout', stage: 'token' };
  const secretsThrottled: AttemptFailure = { code: 'credentials_unavailable', stage: 'credentials' };
  const refusedConnection: AttemptFailure = { code: 'genesys_unavailable', stage: 'notConnected' };
  const rateLimited: AttemptFailure = { code: 'genesys_rate_limited', stage: 'refused' };
  const callTimeout: AttemptFailure = { code: 'genesys_timeout', stage: 'unknown' };
  const call503: AttemptFailure = { code: 'genesys_unavailable', stage: 'unknown' };
  const authFailed: AttemptFailure = { code: 'genesys_auth_failed', stage: 'token' };
  const secretMalformed: AttemptFailure = { code: 'credentials_invalid', stage: 'credentials' };
  const rejected: AttemptFailure = { code: 'genesys_rejected_request', stage: 'refused' };

  describe('retries (throws) when nothing was placed and every attempt failed transiently before Genesys acted', () => {
    it.each([
      ['the login host down', [tokenDown, tokenDown]],
      ['the login host timing out', [loginTimeout]],
      ['Secrets Manager unavailable', [secretsThrottled]],
      ['the API host refusing connections', [refusedConnection, refusedConnection]],
      ['every call rate-limited', [rateLimited]],
      ['a mix of those', [tokenDown, rateLimited, refusedConnection]],
    ])('%s', (_name, failures) => {
      // Act / Assess
      expect(isSafeToRetry(0, failures)).toBe(true);
    });
  });

  describe('never retries otherwise', () => {
    it.each<[string, number, AttemptFailure[]]>([
      ['after one call was placed', 1, [tokenDown, tokenDown]],
      ['when a call POST timed out (the call may ring)', 0, [tokenDown, callTimeout]],
      ['when a call POST got a 5xx (the call may ring)', 0, [call503]],
      ['when nothing was attempted (all invalid, dry runs, or no time)', 0, []],
      ['when Genesys refused the OAuth client (a retry fails the same way)', 0, [authFailed]],
      ['when the secret is malformed', 0, [secretMalformed]],
      ['when some call was refused for its content', 0, [rateLimited, rejected]],
    ])('%s', (_name, placed, failures) => {
      // Act / Assess
      expect(isSafeToRetry(placed, failures)).toBe(false);
    });
  });
});

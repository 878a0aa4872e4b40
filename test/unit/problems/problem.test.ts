import { ConfigurationError } from '../../../lib/config';
import { ProblemError } from '../../../lib/problems/errors';
import { CredentialsError, GenesysError, GenesysNetworkError, GenesysNotSentError, GenesysTimeoutError } from '../../../lib/genesys/errors';
import { stageOf } from '../../../lib/calls/call-stage';
import { HashKeyError } from '../../../lib/aws/hash-key';
import type { CallContext } from '../../../lib/problems/problem';
import { problemBody, problemResult, toProblem } from '../../../lib/problems/problem';

const CORRELATION = '4f6b2c8e-0d1a-4b3c-9e8f-7a6b5c4d3e2f';

const genesys = (fields: Partial<ConstructorParameters<typeof GenesysError>[0]>) =>
  new GenesysError({ operation: 'createCall', status: 400, correlationId: CORRELATION, ...fields });

const byConfiguration: CallContext = { userChosenBy: 'configuration', queueFromRequest: false };
const byRequest: CallContext = { userChosenBy: 'request', queueFromRequest: false };

describe('toProblem', () => {
  // [outcome, error, context, status, code]
  const rows: Array<[string, unknown, CallContext, number, string]> = [
    ['invalid.value', genesys({ code: 'invalid.value', genesysMessage: 'Value [x] is not valid for field type [phoneNumber].' }), byConfiguration, 422, 'genesys_rejected_request'],
    ['bad.request', genesys({ code: 'bad.request' }), byConfiguration, 422, 'genesys_rejected_request'],
    ['not.a.user', genesys({ code: 'not.a.user' }), {}, 500, 'genesys_user_context_required'],
    ['no station, user from configuration', genesys({ code: 'conversation.error.no.user.station' }), byConfiguration, 502, 'genesys_user_has_no_station'],
    ['no station, user from the request', genesys({ code: 'conversation.error.no.user.station' }), byRequest, 409, 'genesys_user_has_no_station'],
    ['404, user from configuration', genesys({ status: 404, code: 'not.found' }), byConfiguration, 502, 'genesys_not_found'],
    ['404, user from the request', genesys({ status: 404, code: 'not.found' }), byRequest, 422, 'genesys_not_found'],
    ['404, queue from the request', genesys({ status: 404, code: 'not.found' }), { ...byConfiguration, queueFromRequest: true }, 422, 'genesys_not_found'],
    ['401 after a refresh', genesys({ status: 401, code: 'bad.credentials' }), byConfiguration, 502, 'genesys_auth_failed'],
    ['token 400 unauthorized_client', genesys({ operation: 'token', status: 400, code: 'unauthorized_client' }), byConfiguration, 502, 'genesys_auth_failed'],
    ['token 401 invalid_client', genesys({ operation: 'token', status: 401, code: 'invalid_client' }), byConfiguration, 502, 'genesys_auth_failed'],
    ['token 503', genesys({ operation: 'token', status: 503 }), byConfiguration, 502, 'genesys_unavailable'],
    ['403', genesys({ status: 403, code: 'missing.any.permissions', messageParams: { perms: 'conversation:call:add' } }), byConfiguration, 502, 'genesys_forbidden'],
    ['429', genesys({ status: 429, code: 'too.many.requests.retry.after', retryAfterSeconds: 42 }), byConfiguration, 429, 'genesys_rate_limited'],
    ['500', genesys({ status: 500, code: 'internal.server.error' }), byConfiguration, 502, 'genesys_unavailable'],
    ['500 station Edge', genesys({ status: 500, code: 'providerapi.error.station.no.active.edge' }), byConfiguration, 502, 'genesys_unavailable'],
    ['503', genesys({ status: 503, code: 'service.unavailable' }), byConfiguration, 502, 'genesys_unavailable'],
    ['415 (unexpected)', genesys({ status: 415, code: 'unsupported.media.type' }), byConfiguration, 502, 'genesys_unexpected_response'],
    ['network error', new GenesysNetworkError('createCall', true), byConfiguration, 502, 'genesys_unavailable'],
    ['timeout', new GenesysTimeoutError('createCall', 5000), byConfiguration, 504, 'genesys_timeout'],
    ['secret unreadable', new CredentialsError('unavailable', 's', 'GetSecretValue failed with ResourceNotFoundException'), {}, 500, 'credentials_unavailable'],
    ['Secrets Manager unreachable', new CredentialsError('unreachable', 's', 'connection refused at 127.0.0.1:9100'), {}, 500, 'credentials_unavailable'],
    ['secret malformed', new CredentialsError('invalid', 's', 'its SecretString is not JSON'), {}, 500, 'credentials_invalid'],
    ['configuration', new ConfigurationError('GENESYS_REGION', 'is required'), {}, 500, 'configuration_error'],
    ['no HASH_KEY_SECRET_ID', new HashKeyError('unconfigured', undefined, 'not set'), {}, 500, 'configuration_error'],
    ['hash key unreadable', new HashKeyError('unavailable', 'k', 'GetSecretValue failed with AccessDeniedException'), {}, 500, 'hash_key_unavailable'],
    ['hash key unreachable', new HashKeyError('unreachable', 'k', 'connection refused at 127.0.0.1:9100'), {}, 500, 'hash_key_unavailable'],
    ['hash key malformed', new HashKeyError('invalid', 'k', 'its SecretString has 3 characters'), {}, 500, 'hash_key_unavailable'],
    ['a bug', new TypeError('x is undefined'), {}, 500, 'internal_error'],
  ];

  it.each(rows)('maps %s to %i %s', (_outcome, error, context, status, code) => {
    // Act
    const problem = toProblem(error, context);
    const result = problemResult(problem);

    // Assess
    expect(problem.code).toBe(code);
    expect(result.statusCode).toBe(status);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(JSON.parse(result.body)).toMatchObject({ type: `urn:genesys-outbound-call:problem:${code}`, status, code });
  });

  it('answers a 429 with Retry-After, the Genesys reference and a detail that says no call was placed', () => {
    // Act
    const result = problemResult(toProblem(genesys({ status: 429, code: 'too.many.requests.retry.after', retryAfterSeconds: 42 })));

    // Assess
    expect(result).toEqual({
      statusCode: 429,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '42', 'inin-correlation-id': CORRELATION },
      body: JSON.stringify({
        type: 'urn:genesys-outbound-call:problem:genesys_rate_limited',
        title: 'Genesys Cloud rate limit reached',
        status: 429,
        detail: "Genesys's rate limit was reached; retry after 42 seconds. No call was placed.",
        code: 'genesys_rate_limited',
        genesys: { status: 429, code: 'too.many.requests.retry.after', correlationId: CORRELATION },
      }),
    });
  });

  it("keeps Genesys's message for a 400 about the caller's input", () => {
    // Act
    const body = JSON.parse(
      problemResult(toProblem(genesys({ code: 'invalid.value', genesysMessage: 'Value [abc] is not valid for field type [uuiData].' }))).body,
    );

    // Assess
    expect(body.detail).toBe('Genesys rejected the request (invalid.value): Value [abc] is not valid for field type [uuiData].');
  });

  it("never passes on Genesys's message for a 5xx", () => {
    // Act
    const body = problemResult(toProblem(genesys({ status: 500, code: 'internal.server.error', genesysMessage: 'java.lang.NullPointerException at com.inin…' }))).body;

    // Assess
    expect(body).not.toContain('NullPointerException');
  });

  it('names the missing permission from messageParams on a 403', () => {
    // Act
    const body = JSON.parse(problemResult(toProblem(genesys({ status: 403, code: 'missing.any.permissions', messageParams: { perms: 'conversation:call:add' } }))).body);

    // Assess
    expect(body.detail).toBe("The OAuth client's role lacks the Genesys permission conversation:call:add. Add it to the role granted to the client.");
  });

  it('says the call may have been placed after a timeout or a broken connection, and not after a refused one', () => {
    // Act
    const timeout = toProblem(new GenesysTimeoutError('createCall', 5000)).details.detail;
    const broken = toProblem(new GenesysNetworkError('createCall', true)).details.detail;
    const refused = toProblem(new GenesysNetworkError('createCall', false)).details.detail;

    // Assess
    expect(timeout).toContain('may have been placed');
    expect(broken).toContain('may have been placed');
    expect(refused).toBe('Genesys could not be reached. No call was placed.');
  });

  it('answers an unknown error without its message', () => {
    // Act
    const result = problemResult(toProblem(new Error('secret=hunter2')));

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('hunter2');
  });

  it('returns a ProblemError unchanged', () => {
    // Prepare
    const problem = new ProblemError('invalid_request', { detail: 'x', field: 'to' });

    // Act / Assess
    expect(toProblem(problem)).toBe(problem);
  });
});

describe('toProblem, on whether a call was placed', () => {
  it('maps a login timeout to 504 genesys_timeout saying no call was placed, at the token stage', () => {
    // Act
    const problem = toProblem(new GenesysTimeoutError('token', 5000));

    // Assess
    expect({ code: problem.code, status: problemResult(problem).statusCode, detail: problem.details.detail, stage: stageOf(problem) }).toEqual({
      code: 'genesys_timeout',
      status: 504,
      detail: 'The Genesys login did not answer within 5000 ms. No call was placed.',
      stage: 'token',
    });
  });

  it('maps a 200 token answer without a token to 502 genesys_unexpected_response saying no call was placed, at the token stage', () => {
    // Act
    const problem = toProblem(genesys({ operation: 'token', status: 200, code: 'malformed_token_response', correlationId: undefined }));

    // Assess
    expect({ code: problem.code, status: problemResult(problem).statusCode, stage: stageOf(problem) }).toEqual({
      code: 'genesys_unexpected_response',
      status: 502,
      stage: 'token',
    });
    expect(problem.details.detail).toBe(
      'The Genesys login answered 200 without a usable token (not JSON, or no access_token or expires_in); a proxy or firewall may be answering in its place. No call was placed. Check GENESYS_REGION (or GENESYS_LOGIN_URL).',
    );
  });

  it('maps a 2xx call answer without a conversation id to 502 genesys_unexpected_response saying the call may have been placed', () => {
    // Act
    const problem = toProblem(genesys({ status: 200, code: 'malformed_response' }));

    // Assess
    expect({ code: problem.code, stage: stageOf(problem) }).toEqual({ code: 'genesys_unexpected_response', stage: 'unknown' });
    expect(problem.details.detail).toBe(
      "Genesys accepted the call (status 200) but its answer holds no conversation id. The call may have been placed: check the user's recent conversations before trying again.",
    );
  });

  it("tells a station's missing Edge (providerapi.error.*) apart from any other 5xx: Genesys says it placed nothing", () => {
    // Act
    const edge = toProblem(genesys({ status: 500, code: 'providerapi.error.station.no.active.edge' }));
    const other = toProblem(genesys({ status: 500, code: 'internal.server.error' }));

    // Assess
    expect({ detail: edge.details.detail, stage: stageOf(edge) }).toEqual({
      detail: "Genesys could not place the call from the user's station: its Edge is missing or offline. No call was placed. Check the station's Edge assignment in Genesys Cloud.",
      stage: 'refused',
    });
    expect({ detail: other.details.detail, stage: stageOf(other) }).toEqual({
      detail: "Genesys answered 500. The call may or may not have been placed; check the user's recent conversations before trying again.",
      stage: 'unknown',
    });
  });

  it('reads a providerapi.error.* answer to a read as any 5xx of a read: only a call POST is refused so', () => {
    // Act
    const problem = toProblem(genesys({ operation: 'read', status: 500, code: 'providerapi.error.station.no.active.edge' }));

    // Assess
    expect({ detail: problem.details.detail, stage: stageOf(problem) }).toEqual({
      detail: 'Genesys answered 500 when asked about the call. Nothing was changed; try again later.',
      stage: 'unknown',
    });
  });
});

describe("the stack's hash key failing", () => {
  it.each(['unconfigured', 'unavailable', 'unreachable', 'invalid'] as const)(
    'is a %s failure of the credentials stage: nothing was sent, and every call of a schedule would meet it',
    (kind) => {
      // Act
      const stage = stageOf(toProblem(new HashKeyError(kind, 'k', 'reason')));

      // Assess
      expect(stage).toBe('credentials');
    },
  );
});

describe('toProblem, the detail each outcome gets', () => {
  // [outcome, error, context, exact detail]
  const rows: Array<[string, unknown, CallContext, string]> = [
    ['token 400 with a code', genesys({ operation: 'token', status: 400, code: 'unauthorized_client' }), {},
      'The Genesys login refused the OAuth client (unauthorized_client). Give the client the Client Credentials grant and check GENESYS_REGION.'],
    ['token 400 without a code', genesys({ operation: 'token', status: 400 }), {},
      'The Genesys login refused the OAuth client (status 400). Give the client the Client Credentials grant and check GENESYS_REGION.'],
    ['token 401 with a code', genesys({ operation: 'token', status: 401, code: 'invalid_client' }), {},
      "The Genesys login refused the OAuth client id or secret (invalid_client), also after re-reading the secret. Check the secret's clientId and clientSecret and that they belong to this region."],
    ['token 401 without a code', genesys({ operation: 'token', status: 401 }), {},
      "The Genesys login refused the OAuth client id or secret (status 401), also after re-reading the secret. Check the secret's clientId and clientSecret and that they belong to this region."],
    ['token 503', genesys({ operation: 'token', status: 503 }), {}, 'The Genesys login answered 503; no call was placed. Try again later.'],
    ['429 without Retry-After', genesys({ status: 429 }), {}, "Genesys's rate limit was reached. No call was placed."],
    ['read 403 naming the permission', genesys({ operation: 'read', status: 403, code: 'missing.any.permissions', messageParams: { perms: 'conversation:communication:view' } }), {},
      "Genesys refused to show the call: the OAuth client's role lacks conversation:communication:view. Reading a call's outcome needs conversation:communication:view."],
    ['read 403 naming two permissions, any one enough', genesys({ operation: 'read', status: 403, code: 'missing.any.permissions', messageParams: { a: 'conversation:communication:view', b: 'conversation:call:view' } }), {},
      "Genesys refused to show the call: the OAuth client's role has none of conversation:communication:view, conversation:call:view (any one is enough). Reading a call's outcome needs conversation:communication:view."],
    ['read 403 naming two permissions, both needed', genesys({ operation: 'read', status: 403, code: 'missing.permissions', messageParams: { perms: 'conversation:communication:view, conversation:call:view' } }), {},
      "Genesys refused to show the call: the OAuth client's role lacks conversation:communication:view, conversation:call:view. Reading a call's outcome needs conversation:communication:view."],
    ['read 200 that is not the resource', genesys({ operation: 'read', status: 200, code: 'malformed_response' }), {},
      'Genesys answered 200 malformed_response, which this service does not expect. No retry was made.'],
    ['read 403 with a code only', genesys({ operation: 'read', status: 403, code: 'not.authorized' }), {},
      "Genesys refused to show the call (not.authorized). Reading a call's outcome needs conversation:communication:view."],
    ['read 403 bare', genesys({ operation: 'read', status: 403 }), {},
      "Genesys refused to show the call (403). Reading a call's outcome needs conversation:communication:view."],
    ['read 404', genesys({ operation: 'read', status: 404, code: 'not.found' }), {},
      'Genesys does not know this conversation, though this service placed it, so it is not asked about it again. Check that GENESYS_REGION is the region the call was placed in.'],
    ['read 502', genesys({ operation: 'read', status: 502 }), {}, 'Genesys answered 502 when asked about the call. Nothing was changed; try again later.'],
    ['not.a.user', genesys({ code: 'not.a.user' }), {},
      "Genesys places calls from a user's station, and POST /api/v2/conversations/calls refuses client-credentials tokens. Set GENESYS_CALL_USER_ID, or pass userId, so the call goes to /api/v2/conversations/calls/user/{userId}."],
    ['no station', genesys({ code: 'conversation.error.no.user.station' }), {},
      'The Genesys user has no station (phone) to place the call from. Assign the user a station in Genesys Cloud, or call on behalf of a user who has one.'],
    ['400 without code or message', genesys({ status: 400 }), {}, 'Genesys rejected the request: no message given'],
    ['401 on the call', genesys({ status: 401, code: 'bad.credentials' }), {},
      'Genesys refused the access token, also a freshly issued one. Check that the OAuth client is active.'],
    ['403 naming two permissions, any one enough', genesys({ status: 403, code: 'missing.any.permissions', messageParams: { a: 'conversation:call:add', b: 'conversation:agentlessCall:add' } }), {},
      "The OAuth client's role has none of the Genesys permissions conversation:call:add, conversation:agentlessCall:add; any one of them is enough. Add one to the role granted to the client."],
    ['403 listing two permissions in one parameter, any one enough', genesys({ status: 403, code: 'missing.any.permissions', messageParams: { perms: 'conversation:call:add, conversation:agentlessCall:add' } }), {},
      "The OAuth client's role has none of the Genesys permissions conversation:call:add, conversation:agentlessCall:add; any one of them is enough. Add one to the role granted to the client."],
    ['403 naming two permissions, both needed', genesys({ status: 403, code: 'missing.permissions', messageParams: { a: 'conversation:call:add', b: 'routing:queue:view' } }), {},
      "The OAuth client's role lacks the Genesys permissions conversation:call:add, routing:queue:view. Add them to the role granted to the client."],
    ['403 of missing.any.permissions naming one', genesys({ status: 403, code: 'missing.any.permissions', messageParams: { perms: 'conversation:call:add' } }), {},
      "The OAuth client's role lacks the Genesys permission conversation:call:add. Add it to the role granted to the client."],
    ['403 whose permission list ends with a comma', genesys({ status: 403, code: 'missing.permissions', messageParams: { perms: 'conversation:call:add,' } }), {},
      "The OAuth client's role lacks the Genesys permission conversation:call:add. Add it to the role granted to the client."],
    ['403 with an empty permission parameter', genesys({ status: 403, code: 'missing.permissions', messageParams: { perms: '' } }), {},
      "Genesys refused the action (missing.permissions). The OAuth client's role needs conversation:call:add or conversation:agentlessCall:add for /calls/user/{userId}."],
    ['403 with a code only', genesys({ status: 403, code: 'not.authorized' }), {},
      "Genesys refused the action (not.authorized). The OAuth client's role needs conversation:call:add or conversation:agentlessCall:add for /calls/user/{userId}."],
    ['403 bare', genesys({ status: 403 }), {},
      "Genesys refused the action (403). The OAuth client's role needs conversation:call:add or conversation:agentlessCall:add for /calls/user/{userId}."],
    ['404', genesys({ status: 404, code: 'not.found' }), {},
      'Genesys does not know the user or queue the call names. Check userId/queueId (or GENESYS_CALL_USER_ID) and the region.'],
    ['415 with a code', genesys({ status: 415, code: 'unsupported.media.type' }), {},
      'Genesys answered 415 unsupported.media.type, which this service does not expect. No retry was made.'],
    ['302 without a code', genesys({ status: 302 }), {}, 'Genesys answered 302, which this service does not expect. No retry was made.'],
    ['read timeout', new GenesysTimeoutError('read', 5000), {}, 'Genesys did not answer within 5000 ms when asked about the call. Try again later.'],
    ['too little time left to send', new GenesysNotSentError('createCall', 180), {},
      "No call was placed: only 180 ms of the function's time was left, too little to send the call and hear the answer. Retry; if it recurs, raise the function's timeout."],
    ['login connection dropped', new GenesysNetworkError('token', true), {}, 'Genesys could not be reached. No call was placed.'],
    // A read is about a call this service placed: never "no call was placed".
    ['read 429', genesys({ operation: 'read', status: 429, retryAfterSeconds: 7 }), {}, "Genesys's rate limit was reached when asked about the call; retry after 7 seconds."],
    ['read 429 without Retry-After', genesys({ operation: 'read', status: 429 }), {}, "Genesys's rate limit was reached when asked about the call."],
    ['read connection failed', new GenesysNetworkError('read', false), {}, 'Genesys could not be reached when asked about the call. Try again later.'],
    ['no HASH_KEY_SECRET_ID', new HashKeyError('unconfigured', undefined, 'not set'), {},
      "The service is misconfigured: HASH_KEY_SECRET_ID is not set, so the stack's hash key (which keys the idempotency fingerprints and the suppression list) cannot be read. The request was refused before anything was sent to Genesys."],
    ['hash key unreadable', new HashKeyError('unavailable', 'k', 'GetSecretValue failed with AccessDeniedException'), {},
      "The stack's hash key could not be read from Secrets Manager (GetSecretValue failed with AccessDeniedException); it keys the idempotency fingerprints and the suppression list, so the request was refused before anything was sent to Genesys. Check HASH_KEY_SECRET_ID and that the function's role may call secretsmanager:GetSecretValue on it."],
    ['hash key unreachable', new HashKeyError('unreachable', 'k', 'connection refused at 127.0.0.1:9100'), {},
      "The stack's hash key could not be read: Secrets Manager could not be reached (connection refused at 127.0.0.1:9100), so the request was refused before anything was sent to Genesys. If that is the local emulator, start it: npm start or npm run emulator. In AWS, check the function's network path to Secrets Manager."],
    ['hash key malformed', new HashKeyError('invalid', 'k', 'its SecretString has 3 characters'), {},
      "The stack's hash key secret k is not a usable key (its SecretString has 3 characters), so the request was refused before anything was sent to Genesys. The stack generates it: restore its generated value, never a hand-written one."],
    ['a bug', new TypeError('x is undefined'), {}, 'The service failed unexpectedly; the error is logged with the request id.'],
  ];

  it.each(rows)('explains %s', (_outcome, error, context, detail) => {
    // Act
    const body = JSON.parse(problemResult(toProblem(error, context)).body);

    // Assess
    expect(body.detail).toBe(detail);
  });

  it('answers too little time left to send the call with 504 genesys_timeout', () => {
    // Act
    const result = problemResult(toProblem(new GenesysNotSentError('createCall', 180)));

    // Assess
    expect({ status: result.statusCode, code: JSON.parse(result.body).code }).toEqual({ status: 504, code: 'genesys_timeout' });
  });

  it("keeps a station problem Genesys's fault when only the queue came from the request", () => {
    // Act
    const problem = toProblem(genesys({ code: 'conversation.error.no.user.station' }), { ...byConfiguration, queueFromRequest: true });

    // Assess
    expect(problemResult(problem).statusCode).toBe(502);
  });
});

describe('problemBody', () => {
  it('names the field at fault, and lists every field only when more than one is at fault', () => {
    // Prepare
    const one = new ProblemError('invalid_request', { detail: 'to is required', field: 'to', errors: [{ field: 'to', detail: 'to is required' }] });
    const two = new ProblemError('invalid_request', {
      detail: '2 fields are invalid',
      field: 'to',
      errors: [{ field: 'to', detail: 'to is required' }, { field: 'callerId', detail: 'callerId is not a phone number' }],
    });
    const none = new ProblemError('internal_error', { detail: 'x' });

    // Act
    const bodies = [one, two, none].map(problemBody);

    // Assess
    expect(bodies.map((body) => ({ field: body.field, errors: body.errors, keys: Object.keys(body) }))).toEqual([
      { field: 'to', errors: undefined, keys: ['type', 'title', 'status', 'detail', 'code', 'field'] },
      {
        field: 'to',
        errors: [{ field: 'to', detail: 'to is required' }, { field: 'callerId', detail: 'callerId is not a phone number' }],
        keys: ['type', 'title', 'status', 'detail', 'code', 'field', 'errors'],
      },
      { field: undefined, errors: undefined, keys: ['type', 'title', 'status', 'detail', 'code'] },
    ]);
  });
});

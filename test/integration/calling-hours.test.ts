import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import { createHandler } from '../../functions/create-call';
import { httpApiEvent } from '../support/api-gateway-events';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, observed, parseBody } from '../support/harness';
import { answerErrors } from '../support/openapi';

// POST /calls under CALLING_HOURS, through the real handler: Genesys and Secrets Manager are the
// emulator, the idempotency store a real DynamoDB implementation (dynalite), all over HTTP. The only
// thing set by hand is the instant the service judges the hours at (the container's `now`).
// 2026: US clocks change on 8 March and 1 November, European ones on 29 March and 25 October.

let emulator: Emulator;
let stopAll: () => Promise<void>;
beforeAll(async () => ({ emulator, stop: stopAll } = await startEmulatorAndDynamo()));
afterAll(() => stopAll());
beforeEach(() => emulator.reset());

/** A warm container of the createCall function with `settings`, whose clock reads `clock.at`. */
function serviceWith(settings: Record<string, string>) {
  const clock = { at: '2026-06-10T18:00:00Z' };
  const container = { ...coldContainer(emulator, { ALLOWED_COUNTRIES: 'US,CA,FR,GB', IDEMPOTENCY_TABLE, ...settings }), now: () => Date.parse(clock.at) };
  const handler = createHandler(() => container);
  const invoke = async (body: unknown, key?: string): Promise<APIGatewayProxyResult> => {
    const answer = observed(await handler(httpApiEvent(body, key ? { 'Idempotency-Key': key } : {}), lambdaContext()));
    // Every answer is one openapi.yaml documents.
    expect(answerErrors('POST /calls', answer)).toEqual([]);
    return answer;
  };
  return { clock, invoke, container };
}

describe('POST /calls with CALLING_HOURS', () => {
  it('refuses a number whose area code spans two zones while one is outside the window, and says when both are inside', async () => {
    // Prepare: 07:30 in Denver, 08:30 in North Dakota's Central time.
    const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });
    clock.at = '2026-06-10T13:30:00Z';

    // Act
    const answer = await invoke({ to: '+1 605 555 0143' });

    // Assess: nothing was asked of Genesys, not even a token.
    expect(answer.statusCode).toBe(422);
    expect(parseBody(answer)).toEqual({
      type: 'urn:genesys-outbound-call:problem:outside_calling_hours',
      title: 'The callee’s calling hours do not allow a call now',
      status: 422,
      detail:
        'No call may ring +*******0143 now under US: 08:00–21:00 every day (47 CFR 64.1200(c)(1)). The next time this holds in every time zone the number may ring in is 2026-06-10T14:00:00.000Z (2026-06-10 08:00 in America/Denver, 2026-06-10 09:00 in America/North_Dakota/Center): retry then.',
      code: 'outside_calling_hours',
      nextAllowedAt: '2026-06-10T14:00:00.000Z',
      timeZones: ['America/Denver', 'America/North_Dakota/Center'],
    });
    expect(emulator.records.requests).toEqual([]);
  });

  it('places the same call once the window holds in both zones', async () => {
    // Prepare: 08:00 in Denver.
    const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });
    clock.at = '2026-06-10T14:00:00Z';

    // Act
    const answer = await invoke({ to: '+1 605 555 0143' });

    // Assess
    expect(answer.statusCode).toBe(201);
    expect(emulator.records.callsPlaced.map((call) => call.body.phoneNumber)).toEqual(['+16055550143']);
  });

  it('refuses a French number on a Saturday until Monday 10:00 Paris time, after the spring change', async () => {
    // Prepare: Saturday 28 March 2026, 11:00 in Paris.
    const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });
    clock.at = '2026-03-28T10:00:00Z';

    // Act
    const answer = await invoke({ to: '+33 6 12 34 56 78' });

    // Assess
    expect(parseBody(answer)).toMatchObject({ code: 'outside_calling_hours', nextAllowedAt: '2026-03-30T08:00:00.000Z', timeZones: ['Europe/Paris'] });
    expect(emulator.records.requests).toEqual([]);
  });

  it('judges the hours in the request’s timeZone instead of the number’s', async () => {
    // Prepare: 15:00 in New York, 21:00 in Paris.
    const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });
    clock.at = '2026-06-10T19:00:00Z';

    // Act
    const inParis = await invoke({ to: '+1 212 555 0143', timeZone: 'europe/paris' });
    const inNewYork = await invoke({ to: '+1 212 555 0143' });

    // Assess
    expect(parseBody(inParis)).toMatchObject({ code: 'outside_calling_hours', nextAllowedAt: '2026-06-11T06:00:00.000Z', timeZones: ['Europe/Paris'] });
    expect(inNewYork.statusCode).toBe(201);
    expect(emulator.records.callPosts).toBe(1);
  });

  it('opens at 08:00 standard time on the autumn change, and 08:00 daylight time on the spring one', async () => {
    // Prepare
    const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });

    // Act: 22:00 on the Saturday before each change, in New York.
    clock.at = '2026-11-01T02:00:00Z';
    const autumn = parseBody(await invoke({ to: '+1 212 555 0143' }));
    clock.at = '2026-03-08T03:00:00Z';
    const spring = parseBody(await invoke({ to: '+1 212 555 0143' }));

    // Assess
    expect([autumn.nextAllowedAt, spring.nextAllowedAt]).toEqual(['2026-11-01T13:00:00.000Z', '2026-03-08T12:00:00.000Z']);
  });

  it('asks for timeZone when no instant suits every zone the number may ring in, and calls once it is given', async () => {
    // Prepare: a toll-free number may ring from Guam to Newfoundland; 10:30 in New York.
    const { clock, invoke } = serviceWith({ CALLING_HOURS: '09:00-17:00' });
    clock.at = '2026-06-10T14:30:00Z';

    // Act
    const withoutZone = await invoke({ to: '+1 800 555 0143' });
    const withZone = await invoke({ to: '+1 800 555 0143', timeZone: 'America/New_York' });

    // Assess
    expect(parseBody(withoutZone)).toMatchObject({
      status: 422,
      code: 'time_zone_required',
      field: 'timeZone',
      detail: expect.stringMatching(/^CALLING_HOURS cannot be applied: \+\*+0143 may ring in 42 time zones \(.+\), and CALLING_HOURS 09:00–17:00, every day holds in all of them at no time in the next 15 days\. Pass timeZone/),
    });
    expect(withZone.statusCode).toBe(201);
    expect(emulator.records.callPosts).toBe(1);
  });

  it('refuses a timeZone that is not an IANA name with 400 invalid_request, whatever CALLING_HOURS says', async () => {
    // Prepare
    const { invoke } = serviceWith({ CALLING_HOURS: 'off' });

    // Act
    const answer = await invoke({ to: '+1 212 555 0143', timeZone: 'Eastern' });

    // Assess
    expect(parseBody(answer)).toMatchObject({
      status: 400,
      code: 'invalid_request',
      field: 'timeZone',
      detail: 'timeZone must be an IANA time zone such as "America/New_York" or "Europe/Paris".',
    });
    expect(emulator.records.requests).toEqual([]);
  });

  it('answers a dry run outside the window as the call would be answered', async () => {
    // Prepare: 22:00 in New York.
    const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });
    clock.at = '2026-06-11T02:00:00Z';

    // Act
    const answer = await invoke({ to: '+1 212 555 0143', dryRun: true });

    // Assess
    expect(parseBody(answer)).toMatchObject({ code: 'outside_calling_hours', nextAllowedAt: '2026-06-11T12:00:00.000Z' });
  });

  it('places a call at 03:00 with CALLING_HOURS=off', async () => {
    // Prepare: 03:00 in New York.
    const { clock, invoke } = serviceWith({ CALLING_HOURS: 'off' });
    clock.at = '2026-06-10T07:00:00Z';

    // Act / Assess
    expect((await invoke({ to: '+1 212 555 0143' })).statusCode).toBe(201);
  });

  describe('with an Idempotency-Key', () => {
    it('replays a call placed at 20:59 when it is retried at 21:01, instead of refusing it', async () => {
      // Prepare
      const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });
      const key = crypto.randomUUID();
      clock.at = '2026-06-11T00:59:00Z';
      const placed = await invoke({ to: '+1 212 555 0143' }, key);

      // Act
      clock.at = '2026-06-11T01:01:00Z';
      const retried = await invoke({ to: '+1 212 555 0143' }, key);

      // Assess
      expect([placed.statusCode, retried.statusCode, retried.headers?.['idempotent-replayed']]).toEqual([201, 201, 'true']);
      expect(retried.body).toBe(placed.body);
      expect(emulator.records.callPosts).toBe(1);
    });

    it('does not remember a refusal: the same key places the call once the window opens', async () => {
      // Prepare: 21:01 in New York.
      const { clock, invoke } = serviceWith({ CALLING_HOURS: 'country' });
      const key = crypto.randomUUID();
      clock.at = '2026-06-11T01:01:00Z';
      const refused = await invoke({ to: '+1 212 555 0143' }, key);

      // Act: 08:00 the next morning.
      clock.at = '2026-06-11T12:00:00Z';
      const placed = await invoke({ to: '+1 212 555 0143' }, key);

      // Assess
      expect([refused.statusCode, placed.statusCode, placed.headers?.['idempotent-replayed']]).toEqual([422, 201, undefined]);
      expect(emulator.records.callPosts).toBe(1);
    });
  });
});

import createCallSchema from '../../../emulator/createcall-openapi.json';
import { buildCallRequest } from '../../../lib/calls/call-request';

const to = { e164: '+14155550100', country: 'US' as const, type: 'FIXED_LINE_OR_MOBILE' as const };
const callerId = { e164: '+14155550199', country: 'US' as const, type: 'FIXED_LINE_OR_MOBILE' as const };
const USER = '7f3b2a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER_USER = '11111111-2222-4333-8444-555555555555';
const QUEUE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('buildCallRequest', () => {
  it('maps every field to its CreateCallRequest property and calls on behalf of the request user', () => {
    // Act
    const request = buildCallRequest(
      {
        to: '(415) 555-0100',
        callerId: '415 555 0199',
        callerIdName: 'Acme',
        userId: USER,
        queueId: QUEUE,
        label: 'renewals',
        attributes: { account: '42' },
        uuiData: 'abc',
        externalContactId: OTHER_USER,
        dryRun: false,
      },
      { to, callerId },
      OTHER_USER,
    );

    // Assess
    expect(request).toEqual({
      method: 'POST',
      path: `/api/v2/conversations/calls/user/${USER}`,
      user: { id: USER, chosenBy: 'request' },
      body: {
        phoneNumber: '+14155550100',
        callerId: '+14155550199',
        callerIdName: 'Acme',
        callFromQueueId: QUEUE,
        label: 'renewals',
        attributes: { account: '42' },
        uuiData: 'abc',
        externalContactId: OTHER_USER,
      },
    });
  });

  it('sends only properties of the Genesys schema', () => {
    // Prepare
    const known = Object.keys(createCallSchema.definitions.CreateCallRequest.properties);

    // Act
    const { body } = buildCallRequest(
      { to: 'x', callerIdName: 'A', queueId: QUEUE, label: 'l', attributes: { a: 'b' }, uuiData: 'u', externalContactId: USER, dryRun: false },
      { to, callerId },
    );

    // Assess
    expect(Object.keys(body).filter((key) => !known.includes(key))).toEqual([]);
  });

  it('falls back to GENESYS_CALL_USER_ID and sends nothing empty', () => {
    // Act
    const request = buildCallRequest({ to: 'x', attributes: {}, dryRun: false }, { to }, USER);

    // Assess
    expect(request).toEqual({
      method: 'POST',
      path: `/api/v2/conversations/calls/user/${USER}`,
      user: { id: USER, chosenBy: 'configuration' },
      body: { phoneNumber: '+14155550100' },
    });
  });

  it('posts to /calls when no user is known (that path needs a user token)', () => {
    // Act
    const request = buildCallRequest({ to: 'x', dryRun: false }, { to });

    // Assess
    expect(request).toEqual({ method: 'POST', path: '/api/v2/conversations/calls', body: { phoneNumber: '+14155550100' } });
  });
});

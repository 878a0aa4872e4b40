import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { controlClient, DEMO, PARTNER_EVENT_SOURCE, start, type Emulator, type EventBridgeEnvelope } from '../../emulator';
import { bearer, clientToken, send, UUID } from './http';

const placeCall = async (emulator: Emulator, phoneNumber: string) => {
  const token = await clientToken(emulator);
  const result = await send(emulator.url, `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`, {
    headers: { Authorization: bearer(token) },
    body: { phoneNumber },
  });
  return { id: (result.body as { id: string }).id, token };
};

const read = (emulator: Emulator, path: string, token: string) => send(emulator.url, path, { method: 'GET', headers: { Authorization: bearer(token) } });

/** Waits until `count` events were sent and none is still being delivered. */
async function eventsSettled(emulator: Emulator, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const events = emulator.records.callEvents;
    if (events.length >= count && events.every((event) => event.outcome !== 'pending')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} events settled: ${JSON.stringify(emulator.records.callEvents.map((event) => event.topic))}`);
}

describe('emulator: placed calls play their script', () => {
  let emulator: Emulator;
  let received: EventBridgeEnvelope[];

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    received = [];
    emulator.deliverCallEventsTo(async (envelope) => {
      received.push(envelope);
    });
  });

  describe('the permission each read needs', () => {
    it('refuses GET /api/v2/conversations/{id} with 403 missing.any.permissions to a client without conversation:communication:view, and shows the call read to it', async () => {
      // Prepare: the demo role without the permission.
      emulator.reseed({ roles: [{ ...DEMO.role, permissions: ['conversation:call:add'] }] });
      const { id, token } = await placeCall(emulator, '+14155550100');

      // Act
      const conversation = await read(emulator, `/api/v2/conversations/${id}`, token);
      const call = await read(emulator, `/api/v2/conversations/calls/${id}`, token);

      // Assess
      expect({ status: conversation.status, body: conversation.body }).toMatchObject({
        status: 403,
        body: { code: 'missing.any.permissions', messageParams: { permissions: 'conversation:communication:view' } },
      });
      expect(call.status).toBe(200);
      emulator.reseed({});
    });
  });

  describe('GET /api/v2/conversations/calls/{id}', () => {
    it('shows an answered call alerting, then connected, then disconnected by the dialled party', async () => {
      // Prepare
      emulator.scriptCalls({ outcome: 'answered', ringMs: 100, talkMs: 2000 });
      const { id, token } = await placeCall(emulator, '+14155550100');
      const states = async () => {
        const { body } = await read(emulator, `/api/v2/conversations/calls/${id}`, token);
        return (body as { participants: Array<{ purpose: string; state: string }> }).participants.map((p) => `${p.purpose}:${p.state}`);
      };

      // Act
      const ringing = await states();
      await eventsSettled(emulator, 2);
      const connected = await states();
      await eventsSettled(emulator, 4);
      const ended = await read(emulator, `/api/v2/conversations/calls/${id}`, token);

      // Assess
      expect([ringing, connected]).toEqual([
        ['agent:dialing', 'customer:alerting'],
        ['agent:connected', 'customer:connected'],
      ]);
      const customer = (ended.body as { participants: Array<Record<string, unknown>> }).participants[1];
      expect(customer).toEqual({
        id: expect.stringMatching(UUID),
        address: 'tel:+14155550100',
        ani: 'tel:+13175550000',
        dnis: 'tel:+14155550100',
        purpose: 'customer',
        direction: 'outbound',
        state: 'disconnected',
        startTime: expect.any(String),
        startAlertingTime: expect.any(String),
        connectedTime: expect.any(String),
        endTime: expect.any(String),
        disconnectType: 'endpoint',
        attributes: {},
      });
      expect(Date.parse(customer.endTime as string) - Date.parse(customer.connectedTime as string)).toBe(2000);
    });

    it('answers 404 conversation.error.conversation.not.found for a conversation it never placed', async () => {
      // Prepare
      const token = await clientToken(emulator);

      // Act
      const result = await read(emulator, '/api/v2/conversations/calls/0f0f0f0f-0000-4000-8000-000000000000', token);

      // Assess
      expect({ status: result.status, code: (result.body as { code: string }).code }).toEqual({ status: 404, code: 'conversation.error.conversation.not.found' });
    });

    it('answers 401 without a bearer token', async () => {
      // Prepare
      const { id } = await placeCall(emulator, '+14155550100');

      // Act
      const result = await send(emulator.url, `/api/v2/conversations/${id}`, { method: 'GET' });

      // Assess
      expect(result.status).toBe(401);
    });
  });

  describe('GET /api/v2/conversations/{id}', () => {
    it.each([
      ['+14155550486', 'busy', 'endpoint', [{ type: 'sip', code: 486, phrase: 'Busy Here' }, { type: 'q850', code: 17, phrase: 'User busy' }]],
      ['+14155550480', 'no answer', 'timeout', [{ type: 'sip', code: 480, phrase: 'Temporarily Unavailable' }, { type: 'q850', code: 19, phrase: 'No answer from user (user alerted)' }]],
      ['+14155550404', 'invalid number', 'error', [{ type: 'sip', code: 404, phrase: 'Not Found' }, { type: 'q850', code: 1, phrase: 'Unallocated (unassigned) number' }]],
    ])('ends a call to %s (%s by its last digits) with its disconnect reasons', async (number, _name, disconnectType, reasons) => {
      // Prepare
      const { id, token } = await placeCall(emulator, number);
      emulator.scriptCalls({});

      // Act
      await new Promise((resolve) => setTimeout(resolve, 1300));
      const result = await read(emulator, `/api/v2/conversations/${id}`, token);

      // Assess
      const [agent, customer] = (result.body as { participants: Array<{ calls: Array<Record<string, unknown>> }> }).participants;
      expect(customer.calls[0]).toMatchObject({ state: 'disconnected', disconnectType, disconnectReasons: reasons });
      expect(customer.calls[0].connectedTime).toBeUndefined();
      expect(agent.calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'peer' });
    });
  });

  describe('detail events', () => {
    it('sends user.start, customer.start, customer.end, user.end of an answered call in real EventBridge envelopes', async () => {
      // Prepare
      emulator.scriptCalls({ outcome: 'answered', ringMs: 30, talkMs: 60 });

      // Act
      const { id } = await placeCall(emulator, '+14155550100');
      await eventsSettled(emulator, 4);

      // Assess
      expect(received.map((event) => event.detail.topicName)).toEqual(
        ['user.start', 'customer.start', 'customer.end', 'user.end'].map((topic) => `v2.detail.events.conversation.${id}.${topic}`),
      );
      const customerEnd = received[2];
      expect(customerEnd).toEqual({
        version: '0',
        id: expect.stringMatching(UUID),
        'detail-type': 'v2.detail.events.conversation.{id}.customer.end',
        source: PARTNER_EVENT_SOURCE,
        account: '123456789012',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        region: 'us-east-1',
        resources: [],
        detail: {
          topicName: `v2.detail.events.conversation.${id}.customer.end`,
          version: '2',
          eventBody: expect.objectContaining({
            conversationId: id,
            mediaType: 'VOICE',
            direction: 'OUTBOUND',
            dnis: 'tel:+14155550100',
            disconnectType: 'ENDPOINT',
            interactingDurationMs: 60,
          }),
          metadata: { CorrelationId: expect.stringMatching(UUID) },
          timestamp: expect.any(String),
        },
      });
      const times = received.map((event) => event.detail.eventBody.eventTime as number);
      expect([times[1] - times[0], times[2] - times[1], times[3] - times[2]]).toEqual([30, 60, 0]);
    });

    it.each([
      ['reversed', ['user.end', 'customer.end', 'user.start']],
      ['duplicated', ['user.start', 'user.start', 'customer.end', 'customer.end', 'user.end', 'user.end']],
      ['none', []],
    ] as const)('delivers a busy call\'s events %s', async (delivery, topics) => {
      // Prepare
      emulator.scriptCalls({ outcome: 'busy', ringMs: 20, delivery });

      // Act
      await placeCall(emulator, '+14155550100');
      await eventsSettled(emulator, delivery === 'duplicated' ? 6 : 3);

      // Assess
      expect(received.map((event) => event.detail.topicName.split('.').slice(-2).join('.'))).toEqual(topics);
      expect(emulator.records.callEvents.map((event) => event.outcome)).toEqual(topics.length === 0 ? ['withheld', 'withheld', 'withheld'] : topics.map(() => 'delivered'));
    });
  });

  describe('control endpoints', () => {
    it('scripts calls and delivers their events to a Lambda Invoke API, as serverless offline serves it', async () => {
      // Prepare
      const invocations: Array<{ path: string; invocationType: unknown; topic: string }> = [];
      const lambda = createServer((request: IncomingMessage, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const envelope = JSON.parse(body) as EventBridgeEnvelope;
          invocations.push({ path: request.url ?? '', invocationType: request.headers['x-amz-invocation-type'], topic: envelope.detail.topicName.split('.').slice(-2).join('.') });
          response.writeHead(200, { 'content-type': 'application/json' }).end('null');
        });
      });
      await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
      const control = controlClient(emulator.url);
      await control.deliverCallEventsTo({ lambdaUrl: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`, functionName: 'svc-local-callEvents' });
      await control.scriptCalls({ outcome: 'invalidNumber', ringMs: 0 });

      // Act
      await placeCall(emulator, '+14155550100');
      await eventsSettled(emulator, 3);
      lambda.close();

      // Assess
      expect(invocations).toEqual(
        ['user.start', 'customer.end', 'user.end'].map((topic) => ({ path: '/2015-03-31/functions/svc-local-callEvents/invocations', invocationType: 'RequestResponse', topic })),
      );
    });

    it('refuses a script that is not one, naming what is wrong', async () => {
      // Act
      const result = await send(emulator.url, '/__emulator/call-scripts', { body: { script: { outcome: 'voicemail' } } });

      // Assess
      expect(result).toMatchObject({ status: 400, body: { error: 'outcome must be one of answered, busy, noAnswer, invalidNumber.' } });
    });
  });
});

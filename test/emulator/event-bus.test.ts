import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { controlClient, start, type Emulator } from '../../emulator';
import { send, UUID } from './http';

const DUMMY = { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const entry = (detail: Record<string, unknown>, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'genesys-outbound-call',
  DetailType: 'Call outcome',
  Detail: JSON.stringify(detail),
  ...extra,
});

describe('emulator: EventBridge PutEvents on the default bus', () => {
  let emulator: Emulator;
  let client: EventBridgeClient;

  beforeAll(async () => {
    emulator = await start();
    client = new EventBridgeClient({ ...DUMMY, endpoint: emulator.url, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });
  beforeEach(() => emulator.reset());

  describe('through the real AWS SDK client', () => {
    it('takes each entry, answers its EventId, and keeps it as the envelope a rule target receives', async () => {
      // Act
      const output = await client.send(new PutEventsCommand({ Entries: [entry({ status: 'ringing' }), entry({ status: 'ended' })] }));

      // Assess
      expect(output.FailedEntryCount).toBe(0);
      expect(output.Entries?.map((result) => result.EventId)).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
      expect(emulator.records.busEvents).toEqual(
        ['ringing', 'ended'].map((status, index) => ({
          version: '0',
          id: output.Entries?.[index]?.EventId,
          'detail-type': 'Call outcome',
          source: 'genesys-outbound-call',
          account: '000000000000',
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          region: 'eu-west-1',
          resources: [],
          detail: { status },
        })),
      );
    });

    it('works with the endpoint from AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
      // Prepare
      const previous = process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
      process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = emulator.url;
      const fromEnv = new EventBridgeClient(DUMMY);

      try {
        // Act
        const output = await fromEnv.send(new PutEventsCommand({ Entries: [entry({ status: 'placed' })] }));

        // Assess
        expect(output.FailedEntryCount).toBe(0);
        expect(emulator.records.busEvents).toHaveLength(1);
      } finally {
        fromEnv.destroy();
        if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
        else process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = previous;
      }
    });

    it('refuses an entry whose Detail is not a JSON object, or that names another bus, and takes the others (a partial failure)', async () => {
      // Act
      const output = await client.send(
        new PutEventsCommand({ Entries: [entry({ ok: 1 }), { ...entry({}), Detail: '[1,2]' }, entry({ ok: 2 }, { EventBusName: 'someone-elses' })] }),
      );

      // Assess
      expect(output.FailedEntryCount).toBe(2);
      expect(output.Entries).toEqual([
        { EventId: expect.stringMatching(UUID) },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
        { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus someone-elses does not exist.' },
      ]);
      expect(emulator.records.busEvents.map((event) => event.detail)).toEqual([{ ok: 1 }]);
    });

    it('refuses a request of more than 10 entries as a whole', async () => {
      // Act
      const outcome = client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, (_, index) => entry({ index })) }));

      // Assess
      await expect(outcome).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
      expect(emulator.records.busEvents).toEqual([]);
    });
  });

  describe('faults', () => {
    it('failEntries answers 200 with every entry refused, and nothing reaches the bus', async () => {
      // Prepare
      emulator.inject('putEvents', { kind: 'failEntries', errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' });

      // Act
      const output = await client.send(new PutEventsCommand({ Entries: [entry({ a: 1 }), entry({ b: 2 })] }));

      // Assess
      expect(output).toMatchObject({ FailedEntryCount: 2, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] });
      expect(emulator.records.busEvents).toEqual([]);
    });

    it('awsError answers the AWS error the SDK throws, naming the action EventBridge refused', async () => {
      // Prepare
      emulator.inject('putEvents', { kind: 'awsError', type: 'AccessDeniedException' });

      // Act
      const outcome = client.send(new PutEventsCommand({ Entries: [entry({ a: 1 })] }));

      // Assess
      await expect(outcome).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: 'User is not authorized to perform: events:PutEvents because no identity-based policy allows it',
      });
      expect(emulator.records.busEvents).toEqual([]);
    });

    it('refuses failEntries on any other endpoint', () => {
      expect(() => emulator.inject('getSecretValue', { kind: 'failEntries' })).toThrow('failEntries faults apply only to putEvents, not getSecretValue.');
    });
  });

  describe('over plain HTTP', () => {
    it('refuses an unsigned request, as AWS does', async () => {
      // Act
      const result = await send(emulator.url, '/', {
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSEvents.PutEvents' },
        body: JSON.stringify({ Entries: [entry({})] }),
      });

      // Assess
      expect(result).toMatchObject({ status: 400, body: { __type: 'MissingAuthenticationTokenException' } });
    });
  });

  describe('what tests read', () => {
    it('shows the bus events through the control API, forgets them on reset, and keeps them for the leak guard', async () => {
      // Prepare
      await client.send(new PutEventsCommand({ Entries: [entry({ status: 'ended', to: '+*******0100' })] }));

      // Act
      const overHttp = (await controlClient(emulator.url).records()).busEvents;
      emulator.reset();

      // Assess
      expect(overHttp.map((event) => event.detail)).toEqual([{ status: 'ended', to: '+*******0100' }]);
      expect(emulator.records.busEvents).toEqual([]);
      expect(emulator.leakHaystacks().at(-1)).toContain('"to":"+*******0100"');
    });
  });
});

import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { controlClient, LOCAL_SCHEDULE_GROUP, sqsScheduleTarget, start, type Emulator, type ScheduleDelivery } from '../../emulator';
import { startLocalSqs } from '../../emulator/local-sqs';
import { waitUntil } from '../support/harness';
import { send } from './http';

// The emulator's EventBridge Scheduler through the real @aws-sdk/client-scheduler, found the way a
// deployed function finds it locally: AWS_ENDPOINT_URL_SCHEDULER. Its virtual clock
// (fireSchedules) stands for the minutes and days a schedule waits.

const ROLE_ARN = 'arn:aws:iam::000000000000:role/genesys-outbound-call-local-scheduler';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:genesys-outbound-call-local-dial';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:genesys-outbound-call-local-dial-dlq';

let emulator: Emulator;
let scheduler: SchedulerClient;
const delivered: ScheduleDelivery[] = [];

beforeAll(async () => {
  emulator = await start();
  Object.assign(process.env, { AWS_ENDPOINT_URL_SCHEDULER: emulator.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  scheduler = new SchedulerClient({});
});
afterAll(async () => {
  scheduler.destroy();
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  emulator.setScheduleTimers(false);
  delivered.length = 0;
  emulator.deliverSchedulesTo(async (delivery) => void delivered.push(delivery));
});

/** A one-time schedule as the service makes it: at() in UTC, no flexible window, deleted after it fires. */
function oneTime(name: string, at: string, overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: name,
    GroupName: LOCAL_SCHEDULE_GROUP,
    ScheduleExpression: `at(${at})`,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: { Arn: QUEUE_ARN, RoleArn: ROLE_ARN, Input: '{"call":1}', RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: DLQ_ARN } },
    ...overrides,
  };
}

describe('emulator: EventBridge Scheduler', () => {
  describe('through the real AWS SDK client', () => {
    it('creates a one-time schedule and reads it back as the model says (epoch-second dates, the ARN of its group)', async () => {
      // Act
      const created = await scheduler.send(new CreateScheduleCommand(oneTime('call-1', '2027-01-05T14:00:00')));
      const read = await scheduler.send(new GetScheduleCommand({ Name: 'call-1', GroupName: LOCAL_SCHEDULE_GROUP }));

      // Assess
      const arn = `arn:aws:scheduler:us-east-1:000000000000:schedule/${LOCAL_SCHEDULE_GROUP}/call-1`;
      expect(created.ScheduleArn).toBe(arn);
      expect({ ...read, $metadata: undefined }).toEqual({
        $metadata: undefined,
        Arn: arn,
        Name: 'call-1',
        GroupName: LOCAL_SCHEDULE_GROUP,
        ScheduleExpression: 'at(2027-01-05T14:00:00)',
        ScheduleExpressionTimezone: 'UTC',
        State: 'ENABLED',
        Target: oneTime('call-1', '').Target,
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        CreationDate: expect.any(Date),
        LastModificationDate: expect.any(Date),
      });
    });

    it('answers a create retried with the same ClientToken with the same schedule, and refuses the name otherwise (ConflictException, 409)', async () => {
      // Prepare
      const input = oneTime('call-2', '2027-01-05T14:00:00', { ClientToken: 'key-2' });
      const first = await scheduler.send(new CreateScheduleCommand(input));

      // Act
      const retried = await scheduler.send(new CreateScheduleCommand(input));
      const other = scheduler.send(new CreateScheduleCommand({ ...input, ClientToken: 'key-3' }));

      // Assess
      expect(retried.ScheduleArn).toBe(first.ScheduleArn);
      await expect(other).rejects.toBeInstanceOf(ConflictException);
      await expect(other).rejects.toMatchObject({ message: 'Schedule call-2 already exists.', $metadata: { httpStatusCode: 409 } });
      expect(emulator.schedules()).toHaveLength(1);
    });

    it('deletes a schedule; a second delete and a read are ResourceNotFoundException (404)', async () => {
      // Prepare
      await scheduler.send(new CreateScheduleCommand(oneTime('call-3', '2027-01-05T14:00:00')));

      // Act
      await scheduler.send(new DeleteScheduleCommand({ Name: 'call-3', GroupName: LOCAL_SCHEDULE_GROUP }));
      const again = scheduler.send(new DeleteScheduleCommand({ Name: 'call-3', GroupName: LOCAL_SCHEDULE_GROUP }));
      const read = scheduler.send(new GetScheduleCommand({ Name: 'call-3', GroupName: LOCAL_SCHEDULE_GROUP }));

      // Assess
      await expect(again).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(read).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Schedule call-3 does not exist.', $metadata: { httpStatusCode: 404 } });
    });

    it.each([
      ['a name outside [0-9a-zA-Z-_.]', { Name: 'call/1' }, 'Name must be 1 to 64 characters of [0-9a-zA-Z-_.].'],
      ['a date that does not exist', { ScheduleExpression: 'at(2027-02-30T10:00:00)' }, 'ScheduleExpression at(2027-02-30T10:00:00) names no date and time.'],
      ['an expression of no kind', { ScheduleExpression: 'tomorrow' }, 'ScheduleExpression must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields).'],
      ['an unknown zone', { ScheduleExpressionTimezone: 'Mars/Olympus' }, 'ScheduleExpressionTimezone must be a time zone name of at most 50 characters.'],
      ['a role that is not an IAM role ARN', { Target: { Arn: QUEUE_ARN, RoleArn: 'scheduler-role' } }, 'Target.RoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).'],
      ['more than 185 retries', { Target: { Arn: QUEUE_ARN, RoleArn: ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 186 } } }, 'Target.RetryPolicy.MaximumRetryAttempts must be 0 to 185.'],
      ['a dead-letter queue that is not SQS', { Target: { Arn: QUEUE_ARN, RoleArn: ROLE_ARN, DeadLetterConfig: { Arn: 'arn:aws:sns:us-east-1:000000000000:t' } } }, 'Target.DeadLetterConfig.Arn must be an SQS queue ARN.'],
      ['a flexible window without its length', { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }, 'FlexibleTimeWindow.MaximumWindowInMinutes must be 1 to 1440 with Mode FLEXIBLE.'],
    ] as Array<[string, Partial<CreateScheduleCommandInput>, string]>)('refuses %s with ValidationException (400)', async (_what, overrides, message) => {
      // Act
      const create = scheduler.send(new CreateScheduleCommand(oneTime('call-4', '2027-01-05T14:00:00', overrides)));

      // Assess
      await expect(create).rejects.toBeInstanceOf(ValidationException);
      await expect(create).rejects.toMatchObject({ message, $metadata: { httpStatusCode: 400 } });
      expect(emulator.schedules()).toEqual([]);
    });

    it('refuses a group that does not exist with ResourceNotFoundException', async () => {
      // Act / Assess
      await expect(scheduler.send(new CreateScheduleCommand(oneTime('call-5', '2027-01-05T14:00:00', { GroupName: 'nobody' })))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Schedule group nobody does not exist.',
      });
    });

    it('answers an injected ThrottlingException as the model says: 429, read by the SDK from x-amzn-ErrorType', async () => {
      // Prepare
      emulator.inject('createSchedule', { kind: 'rateLimit', retryAfterSeconds: 1 }, 4);

      // Act
      const create = new SchedulerClient({ maxAttempts: 1 }).send(new CreateScheduleCommand(oneTime('call-6', '2027-01-05T14:00:00')));

      // Assess
      await expect(create).rejects.toBeInstanceOf(ThrottlingException);
      await expect(create).rejects.toMatchObject({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
      emulator.clearFaults();
    });
  });

  describe('firing', () => {
    it('fires a one-time schedule once when the virtual clock reaches its time, delivers its Input to the target, and deletes it', async () => {
      // Prepare
      await scheduler.send(new CreateScheduleCommand(oneTime('call-7', '2027-01-05T14:00:00')));

      // Act
      const early = await emulator.fireSchedules({ until: '2027-01-05T13:59:59Z' });
      const due = await emulator.fireSchedules({ until: '2027-01-05T14:00:00Z' });
      const later = await emulator.fireSchedules({ until: '2027-01-06T00:00:00Z' });

      // Assess
      expect([early, later]).toEqual([[], []]);
      expect(due).toEqual([expect.objectContaining({ name: 'call-7', dueAt: Date.parse('2027-01-05T14:00:00Z'), attempts: 1, outcome: 'delivered' })]);
      expect(delivered).toEqual([{ scheduleArn: expect.stringContaining('/call-7'), arn: QUEUE_ARN, input: '{"call":1}' }]);
      expect(emulator.schedules()).toEqual([]);
    });

    it('reads at() in its ScheduleExpressionTimezone, daylight saving time included', async () => {
      // Prepare: New York springs from 02:00 EST to 03:00 EDT on 14 March 2027 (07:00Z); 03:30 that
      // morning is daylight time, 07:30Z (read as standard time it would be 08:30Z).
      await scheduler.send(new CreateScheduleCommand(oneTime('call-8', '2027-03-14T03:30:00', { ScheduleExpressionTimezone: 'America/New_York' })));

      // Act
      const early = await emulator.fireSchedules({ until: '2027-03-14T07:29:59Z' });
      const due = await emulator.fireSchedules({ until: '2027-03-14T07:30:00Z' });

      // Assess
      expect(early).toEqual([]);
      expect(due.map((fired) => fired.name)).toEqual(['call-8']);
    });

    it('keeps a fired schedule with ActionAfterCompletion NONE, and never fires it twice', async () => {
      // Prepare
      await scheduler.send(new CreateScheduleCommand(oneTime('call-9', '2027-01-05T14:00:00', { ActionAfterCompletion: 'NONE' })));

      // Act
      await emulator.fireSchedules({ until: '2027-01-05T14:00:00Z' });
      const again = await emulator.fireSchedules({ until: '2027-01-07T00:00:00Z' });

      // Assess
      expect(again).toEqual([]);
      expect(delivered).toHaveLength(1);
      expect(emulator.schedules().map((schedule) => schedule.name)).toEqual(['call-9']);
    });

    it('does not fire a DISABLED schedule on time, and fires any schedule asked for by name', async () => {
      // Prepare
      await scheduler.send(new CreateScheduleCommand(oneTime('call-10', '2027-01-05T14:00:00', { State: 'DISABLED' })));

      // Act
      const onTime = await emulator.fireSchedules({ until: '2027-01-06T00:00:00Z' });
      const byName = await emulator.fireSchedules({ name: 'call-10', group: LOCAL_SCHEDULE_GROUP });

      // Assess
      expect(onTime).toEqual([]);
      expect(byName.map((fired) => fired.outcome)).toEqual(['delivered']);
    });

    it('retries a target that refuses, MaximumRetryAttempts times, then sends the input to the dead-letter queue', async () => {
      // Prepare: the dial queue refuses, its dead-letter queue takes.
      const tried: string[] = [];
      emulator.deliverSchedulesTo(async (delivery) => {
        tried.push(delivery.arn);
        if (delivery.arn === QUEUE_ARN) throw new Error('AccessDenied');
      });
      await scheduler.send(new CreateScheduleCommand(oneTime('call-11', '2027-01-05T14:00:00')));

      // Act
      const [fired] = await emulator.fireSchedules({ until: '2027-01-05T14:00:00Z' });

      // Assess
      expect(tried).toEqual([QUEUE_ARN, QUEUE_ARN, QUEUE_ARN, DLQ_ARN]);
      expect(fired).toMatchObject({ attempts: 3, outcome: 'dead_lettered' });
    });

    it('fires on a real timer at its time when timers are on (npm start)', async () => {
      // Prepare: due two seconds from now (at() has whole seconds).
      emulator.setScheduleTimers(true);
      const at = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000).toISOString().slice(0, 19);
      await scheduler.send(new CreateScheduleCommand(oneTime('call-12', at)));

      // Act
      await waitUntil(() => delivered.length === 1, () => 'the schedule did not fire', 5000);

      // Assess
      expect(emulator.records.schedulesFired).toEqual([expect.objectContaining({ name: 'call-12', outcome: 'delivered' })]);
      expect(emulator.records.schedulesFired[0].firedAt).toBeGreaterThanOrEqual(Date.parse(`${at}Z`));
    });

    it('is driven over HTTP by the control endpoints: the schedules, and the virtual clock', async () => {
      // Prepare
      const control = controlClient(emulator.url);
      await scheduler.send(new CreateScheduleCommand(oneTime('call-13', '2027-01-05T14:00:00')));

      // Act
      const listed = await control.schedules();
      const fired = await control.fireSchedules({ until: '2027-01-05T14:00:00Z' });
      const unknown = await send(emulator.url, '/__emulator/schedules/fire', { body: { name: 'nobody' } });

      // Assess
      expect(listed.map((schedule) => schedule.name)).toEqual(['call-13']);
      expect(fired).toEqual([expect.objectContaining({ name: 'call-13', targetArn: QUEUE_ARN })]);
      expect(unknown).toMatchObject({ status: 400, body: { error: 'No schedule nobody in group default.' } });
      await waitUntil(() => delivered.length === 1, () => 'the fired schedule was not delivered');
    });
  });

  describe('into the local SQS', () => {
    it('sends a fired schedule’s Input to the queue its target ARN names, as a templated SQS target does', async () => {
      // Prepare: the local dial queue (local-aws-sqs) and the real SQS client.
      const sqs = await startLocalSqs();
      try {
        emulator.deliverSchedulesTo(sqsScheduleTarget(sqs.client));
        await scheduler.send(new CreateScheduleCommand(oneTime('call-14', '2027-01-05T14:00:00', { Target: { Arn: sqs.queueArn, RoleArn: ROLE_ARN, Input: '{"to":"+14155550100"}' } })));

        // Act
        const [fired] = await emulator.fireSchedules({ until: '2027-01-05T14:00:00Z' });
        const { Messages } = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl, MaxNumberOfMessages: 10 }));

        // Assess
        expect(fired.outcome).toBe('delivered');
        expect(Messages?.map((message) => message.Body)).toEqual(['{"to":"+14155550100"}']);
      } finally {
        await sqs.stop();
      }
    });

    it('retries and dead-letters when the queue does not exist', async () => {
      // Prepare
      const sqs = await startLocalSqs();
      try {
        emulator.deliverSchedulesTo(sqsScheduleTarget(sqs.client));
        const missing = sqs.queueArn.replace(/[^:]+$/, 'no-such-queue');
        const deadLetterArn = sqs.queueArn.replace(/[^:]+$/, 'genesys-outbound-call-local-dial-dlq');
        await scheduler.send(new CreateScheduleCommand(oneTime('call-15', '2027-01-05T14:00:00', { Target: { Arn: missing, RoleArn: ROLE_ARN, Input: 'x', RetryPolicy: { MaximumRetryAttempts: 1 }, DeadLetterConfig: { Arn: deadLetterArn } } })));

        // Act
        const [fired] = await emulator.fireSchedules({ until: '2027-01-05T14:00:00Z' });
        const { Messages } = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: sqs.deadLetterQueueUrl, MaxNumberOfMessages: 10 }));

        // Assess
        expect(fired).toMatchObject({ attempts: 2, outcome: 'dead_lettered' });
        expect(Messages?.map((message) => message.Body)).toEqual(['x']);
      } finally {
        await sqs.stop();
      }
    });
  });
});

import type * as Scheduler from '@aws-sdk/client-scheduler';
import { lazyUntilFailed } from '../aws/lazy';
import { STORE_CLIENT_CONFIG, boundedSend, withStoreDeadline } from '../aws/store-deadline';
import type { LaterSettings } from '../config';
import { ProblemError } from '../problems/errors';

/**
 * Retries of a delivery the dial queue refused, and for how long: EventBridge Scheduler then sends
 * the message to the dial queue's dead-letter queue, where the DLQ alarm sees it. The model allows
 * 0–185 retries over 60 s – 24 h (scale-facts §3); an hour of retries outlives an SQS hiccup without
 * dialling a call for 10:00 in the afternoon.
 */
export const SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 3600 } as const;

/** One call for later: its schedule's name (the callId), when, and the dial message it sends. */
export interface LaterSchedule {
  readonly name: string;
  readonly at: Date;
  /** The dial queue message the schedule sends at `at` (its Input). */
  readonly message: string;
  /** Makes a retried create the same schedule (Scheduler's idempotency token, 1–64 of [a-zA-Z0-9-_]). */
  readonly clientToken?: string;
}

/**
 * One-time EventBridge Scheduler schedules in SCHEDULE_GROUP, each sending one message to the dial
 * queue at its time through the role SCHEDULER_ROLE_ARN, then deleted (ActionAfterCompletion DELETE).
 * The real `@aws-sdk/client-scheduler` (AWS_ENDPOINT_URL_SCHEDULER points it at the emulator),
 * loaded on first use and bounded like the stores.
 */
export class LaterSchedules {
  readonly #load = lazyUntilFailed(async () => {
    // require(), not import(): see lib/aws/dynamodb-client.ts.
    const sdk = require('@aws-sdk/client-scheduler') as typeof Scheduler;
    return { sdk, client: boundedSend(new sdk.SchedulerClient(STORE_CLIENT_CONFIG)) };
  });

  constructor(private readonly settings: LaterSettings) {}

  /** Creates the schedule; a retry with the same name and client token is the same schedule. */
  async create(schedule: LaterSchedule, deadline: number): Promise<void> {
    const { group, roleArn, queueArn, deadLetterQueueArn } = this.deployed();
    const { sdk, client } = await this.#load();
    await withStoreDeadline(deadline, () =>
      client.send(
        new sdk.CreateScheduleCommand({
          Name: schedule.name,
          GroupName: group,
          // at() takes a wall time without offset, read in ScheduleExpressionTimezone: UTC here, so
          // the instant is the one the caller gave whatever its offset.
          ScheduleExpression: `at(${schedule.at.toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: queueArn,
            RoleArn: roleArn,
            Input: schedule.message,
            RetryPolicy: SCHEDULE_RETRY_POLICY,
            ...(deadLetterQueueArn ? { DeadLetterConfig: { Arn: deadLetterQueueArn } } : {}),
          },
          ...(schedule.clientToken ? { ClientToken: schedule.clientToken } : {}),
        }),
      ),
    );
  }

  /** Deletes the schedule: true when it was there, false when it was not (fired and deleted, or never made). */
  async delete(name: string, deadline: number): Promise<boolean> {
    const { group } = this.deployed();
    const { sdk, client } = await this.#load();
    try {
      await withStoreDeadline(deadline, () => client.send(new sdk.DeleteScheduleCommand({ Name: name, GroupName: group })));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return false;
      throw error;
    }
  }

  private deployed(): Required<Pick<LaterSettings, 'group' | 'roleArn' | 'queueArn'>> & Pick<LaterSettings, 'deadLetterQueueArn'> {
    const { group, roleArn, queueArn, deadLetterQueueArn } = this.settings;
    if (!group || !roleArn || !queueArn) {
      throw new ProblemError('schedules_unavailable', {
        detail: 'This deployment cannot schedule calls for later (SCHEDULE_GROUP, SCHEDULER_ROLE_ARN or DIAL_QUEUE_ARN is not set). Nothing was scheduled.',
      });
    }
    return { group, roleArn, queueArn, ...(deadLetterQueueArn ? { deadLetterQueueArn } : {}) };
  }
}

// The emulator's EventBridge Scheduler: schedules in groups, and a timer that fires each one-time
// (`at()`) schedule into its target. No npm package emulates Scheduler (scale-facts §4). Facts from
// the Smithy model (scale-facts §3); every behaviour the model does not state is marked here.

/** The account of the emulator's ARNs, as its Secrets Manager and event bus use. */
const ACCOUNT = '000000000000';

/** `Target` of CreateSchedule, as the model names its members. */
export interface ScheduleTargetSpec {
  readonly Arn: string;
  readonly RoleArn: string;
  readonly Input?: string;
  readonly RetryPolicy?: { readonly MaximumRetryAttempts?: number; readonly MaximumEventAgeInSeconds?: number };
  readonly DeadLetterConfig?: { readonly Arn?: string };
  readonly SqsParameters?: { readonly MessageGroupId?: string };
}

export interface EmulatedSchedule {
  readonly name: string;
  readonly groupName: string;
  readonly arn: string;
  readonly scheduleExpression: string;
  readonly scheduleExpressionTimezone?: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly target: ScheduleTargetSpec;
  readonly flexibleTimeWindow: { readonly Mode: 'OFF' | 'FLEXIBLE'; readonly MaximumWindowInMinutes?: number };
  readonly actionAfterCompletion: 'NONE' | 'DELETE';
  readonly description?: string;
  readonly clientToken?: string;
  /** Epoch milliseconds. */
  readonly creationDate: number;
  /** The instant an `at()` expression names (epoch ms); none for `rate()` and `cron()`, which the emulator keeps but never fires. */
  readonly dueAt?: number;
  /** Fired once already (a one-time schedule kept after completion: `ActionAfterCompletion` NONE). */
  fired: boolean;
}

/** One attempt to hand a fired schedule's input to its target (or, once retries are spent, to its dead-letter queue). */
export interface ScheduleDelivery {
  readonly scheduleArn: string;
  /** The target's ARN: an SQS queue's for a templated SQS target (`SendMessage` with `Input` as the body). */
  readonly arn: string;
  readonly input: string;
  readonly messageGroupId?: string;
}

/** Sends a delivery; throws when the target refuses it (Scheduler then retries, and at last dead-letters it). */
export type ScheduleTarget = (delivery: ScheduleDelivery) => Promise<void>;

export interface FiredSchedule {
  readonly name: string;
  readonly groupName: string;
  readonly scheduleArn: string;
  readonly targetArn: string;
  /** The target's `Input`: for the dial queue, the message body (it may hold a full number, as the schedule does). */
  readonly input: string;
  readonly dueAt?: number;
  readonly firedAt: number;
  /** Deliveries tried: 1 + the retries. */
  attempts: number;
  /** `delivered`; `dead_lettered` (retries spent, sent to the DLQ); `failed` (and no DLQ, or the DLQ refused); `no_target` (none connected); `pending`. */
  outcome: 'pending' | 'delivered' | 'dead_lettered' | 'failed' | 'no_target';
}

/**
 * Retries of a failed delivery: the model's default and maximum `MaximumRetryAttempts` is 185 [S];
 * the real service spaces them with a back-off over up to `MaximumEventAgeInSeconds` [unverified],
 * the emulator makes them at once (emulator choice: no test waits hours), so the event age bound
 * is not emulated.
 */
const DEFAULT_RETRY_ATTEMPTS = 185;

/** setTimeout's longest wait; a schedule further away is re-armed when this runs out. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export class Scheduler {
  /** Where fired schedules are delivered; none: they are recorded as `no_target`. Kept across resets. */
  target: ScheduleTarget | undefined;
  #realTime = true;
  readonly #schedules = new Map<string, EmulatedSchedule>();
  readonly #groups = new Set<string>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #deliveries: Promise<unknown> = Promise.resolve();

  constructor(private readonly fired: FiredSchedule[]) {}

  /** Fire at the `at()` time with a real timer (`npm start`, the default); off, only `fireDue` and `fireNow` fire. */
  setRealTime(on: boolean): void {
    this.#realTime = on;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    if (on) for (const schedule of this.#schedules.values()) if (!schedule.fired) this.#arm(schedule);
  }

  /** Forgets every schedule and timer; the groups become `groups` (`default` always exists, as in AWS [S: GroupName defaults to it]). */
  reset(groups: readonly string[]): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#schedules.clear();
    this.#groups.clear();
    for (const group of ['default', ...groups]) this.#groups.add(group);
  }

  hasGroup(group: string): boolean {
    return this.#groups.has(group);
  }

  /** `arn:aws:scheduler:<region>:<account>:schedule/<group>/<name>` (scale-facts §3), in the region the request was signed for. */
  arnOf(region: string, group: string, name: string): string {
    return `arn:aws:scheduler:${region}:${ACCOUNT}:schedule/${group}/${name}`;
  }

  get(group: string, name: string): EmulatedSchedule | undefined {
    return this.#schedules.get(keyOf(group, name));
  }

  all(): EmulatedSchedule[] {
    return [...this.#schedules.values()];
  }

  add(schedule: EmulatedSchedule): void {
    this.#schedules.set(keyOf(schedule.groupName, schedule.name), schedule);
    this.#arm(schedule);
  }

  delete(group: string, name: string): boolean {
    const key = keyOf(group, name);
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    return this.#schedules.delete(key);
  }

  /**
   * Fires every enabled one-time schedule due at or before `until` (epoch ms), earliest first, as
   * if the clock had reached it: the virtual clock of the tests. Resolves once each was delivered.
   */
  async fireDue(until: number): Promise<FiredSchedule[]> {
    const due = this.all()
      .filter((schedule) => schedule.state === 'ENABLED' && !schedule.fired && schedule.dueAt !== undefined && schedule.dueAt <= until)
      .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0));
    return Promise.all(due.map((schedule) => this.#fire(schedule)));
  }

  /** Fires one schedule now, whatever its time (a disabled one too: asked for by name); throws at once for an unknown one. */
  fireNow(group: string, name: string): Promise<FiredSchedule> {
    const schedule = this.get(group, name);
    if (!schedule) throw new Error(`No schedule ${name} in group ${group}.`);
    return this.#fire(schedule);
  }

  /** Resolves once every delivery started so far has ended. */
  settled(): Promise<unknown> {
    return this.#deliveries;
  }

  #arm(schedule: EmulatedSchedule): void {
    if (!this.#realTime || schedule.dueAt === undefined || schedule.state !== 'ENABLED') return;
    const key = keyOf(schedule.groupName, schedule.name);
    const wait = Math.min(Math.max(0, schedule.dueAt - Date.now()), LONGEST_TIMER_MS);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      if (this.#schedules.get(key) !== schedule) return;
      if (schedule.dueAt !== undefined && schedule.dueAt > Date.now()) this.#arm(schedule);
      else void this.#fire(schedule);
    }, wait);
    // A schedule due next year must not keep the process (or a jest worker) alive.
    timer.unref();
    this.#timers.set(key, timer);
  }

  #fire(schedule: EmulatedSchedule): Promise<FiredSchedule> {
    const key = keyOf(schedule.groupName, schedule.name);
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    schedule.fired = true;
    const record: FiredSchedule = {
      name: schedule.name,
      groupName: schedule.groupName,
      scheduleArn: schedule.arn,
      targetArn: schedule.target.Arn,
      input: schedule.target.Input ?? '',
      ...(schedule.dueAt === undefined ? {} : { dueAt: schedule.dueAt }),
      firedAt: Date.now(),
      attempts: 0,
      outcome: this.target ? 'pending' : 'no_target',
    };
    this.fired.push(record);
    // ActionAfterCompletion DELETE deletes a one-time schedule after its single invocation [S]; the
    // emulator deletes it as it fires (when, within the invocation, AWS does is not documented).
    if (schedule.actionAfterCompletion === 'DELETE') this.#schedules.delete(key);
    const delivered = this.#deliver(schedule, record).then(() => record);
    this.#deliveries = Promise.all([this.#deliveries, delivered]);
    return delivered;
  }

  async #deliver(schedule: EmulatedSchedule, record: FiredSchedule): Promise<void> {
    const target = this.target;
    if (!target) return;
    const { Arn, Input, RetryPolicy, DeadLetterConfig, SqsParameters } = schedule.target;
    const delivery: ScheduleDelivery = {
      scheduleArn: schedule.arn,
      arn: Arn,
      input: Input ?? '',
      ...(SqsParameters?.MessageGroupId ? { messageGroupId: SqsParameters.MessageGroupId } : {}),
    };
    const attempts = 1 + (RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      record.attempts = attempt;
      try {
        await target(delivery);
        record.outcome = 'delivered';
        return;
      } catch {
        // Retried at once (see DEFAULT_RETRY_ATTEMPTS).
      }
    }
    if (!DeadLetterConfig?.Arn) {
      record.outcome = 'failed';
      return;
    }
    try {
      // The dead-letter message's body is the target's input [unverified]; the attributes AWS adds
      // to say why (error code, retries, schedule ARN) are not emulated.
      await target({ scheduleArn: schedule.arn, arn: DeadLetterConfig.Arn, input: delivery.input });
      record.outcome = 'dead_lettered';
    } catch {
      record.outcome = 'failed';
    }
  }
}

function keyOf(group: string, name: string): string {
  return `${group}/${name}`;
}

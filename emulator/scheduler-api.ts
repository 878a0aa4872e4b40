import { refuseUnsigned, signingRegion } from './aws-error';
import { isPlainObject, parseJson, type Exchange, type Reply } from './exchange';
import { restJsonError } from './rest-json-error';
import type { EmulatedSchedule, ScheduleTargetSpec } from './scheduler';
import type { EmulatorState } from './state';

// EventBridge Scheduler's REST-JSON routes the functions use (restJson1, SigV4 name `scheduler`):
// CreateSchedule `POST /schedules/{Name}`, GetSchedule `GET /schedules/{Name}?groupName=`,
// DeleteSchedule `DELETE /schedules/{Name}?groupName=&clientToken=`. Shapes, limits and error
// statuses are the Smithy model's (scale-facts §3); the messages' wording is the emulator's own.

const NAME = /^[0-9a-zA-Z-_.]+$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const CLIENT_TOKEN = /^[a-zA-Z0-9-_]+$/;
// Emulator choice (unverified): the model says "an SQS ARN" for DeadLetterConfig.Arn (scale-facts §3).
const SQS_ARN = /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]+(\.fifo)?$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const RATE_OR_CRON = /^(rate|cron)\(.+\)$/;

type Input = Record<string, unknown>;
type Check = string | undefined;

/** POST /schedules/{Name}: CreateSchedule, idempotent by `ClientToken`. */
export function createSchedule(exchange: Exchange, state: EmulatorState, name: string): Reply {
  const refused = refuseUnsigned(exchange);
  if (refused) return refused;
  const parsed = parseJson(exchange.rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) return restJsonError('ValidationException', 'The request body is not a JSON object.');
  const body = parsed.value;
  const problem = validateCreate(name, body);
  if (problem) return restJsonError('ValidationException', problem);

  const group = (body.GroupName as string | undefined) ?? 'default';
  const scheduler = state.scheduler;
  // Emulator choice (INFERRED): CreateSchedule in a group that does not exist is not found.
  if (!scheduler.hasGroup(group)) return restJsonError('ResourceNotFoundException', `Schedule group ${group} does not exist.`);
  const existing = scheduler.get(group, name);
  const clientToken = body.ClientToken as string | undefined;
  if (existing) {
    // The model marks CreateSchedule idempotent by ClientToken [S]: a retry with the same token is
    // answered as the first call was (INFERRED: even when the schedule has fired since, unless it
    // was deleted); any other create of a taken name conflicts.
    if (clientToken !== undefined && existing.clientToken === clientToken) return { status: 200, contentType: 'application/json', body: { ScheduleArn: existing.arn } };
    return restJsonError('ConflictException', `Schedule ${name} already exists.`);
  }

  const timezone = body.ScheduleExpressionTimezone as string | undefined;
  const expression = body.ScheduleExpression as string;
  const dueAt = atInstant(expression, timezone ?? 'UTC');
  const schedule: EmulatedSchedule = {
    name,
    groupName: group,
    arn: scheduler.arnOf(signingRegion(exchange), group, name),
    scheduleExpression: expression,
    ...(timezone === undefined ? {} : { scheduleExpressionTimezone: timezone }),
    state: (body.State as EmulatedSchedule['state'] | undefined) ?? 'ENABLED',
    target: body.Target as unknown as ScheduleTargetSpec,
    flexibleTimeWindow: body.FlexibleTimeWindow as unknown as EmulatedSchedule['flexibleTimeWindow'],
    actionAfterCompletion: (body.ActionAfterCompletion as EmulatedSchedule['actionAfterCompletion'] | undefined) ?? 'NONE',
    ...(typeof body.Description === 'string' ? { description: body.Description } : {}),
    ...(clientToken === undefined ? {} : { clientToken }),
    creationDate: Date.now(),
    ...(dueAt === undefined ? {} : { dueAt }),
    fired: false,
  };
  scheduler.add(schedule);
  return { status: 200, contentType: 'application/json', body: { ScheduleArn: schedule.arn } };
}

/** GET /schedules/{Name}?groupName=: GetSchedule. */
export function getSchedule(exchange: Exchange, state: EmulatorState, name: string): Reply {
  const refused = refuseUnsigned(exchange);
  if (refused) return refused;
  const group = exchange.query.get('groupName') ?? 'default';
  const schedule = state.scheduler.get(group, name);
  if (!schedule) return restJsonError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
  const seconds = schedule.creationDate / 1000;
  return {
    status: 200,
    contentType: 'application/json',
    body: {
      Arn: schedule.arn,
      Name: schedule.name,
      GroupName: schedule.groupName,
      ScheduleExpression: schedule.scheduleExpression,
      ...(schedule.scheduleExpressionTimezone ? { ScheduleExpressionTimezone: schedule.scheduleExpressionTimezone } : {}),
      State: schedule.state,
      Target: schedule.target,
      FlexibleTimeWindow: schedule.flexibleTimeWindow,
      ActionAfterCompletion: schedule.actionAfterCompletion,
      ...(schedule.description === undefined ? {} : { Description: schedule.description }),
      // restJson1 timestamps are epoch seconds (JSON numbers).
      CreationDate: seconds,
      LastModificationDate: seconds,
    },
  };
}

/** DELETE /schedules/{Name}?groupName=&clientToken=: DeleteSchedule. */
export function deleteSchedule(exchange: Exchange, state: EmulatorState, name: string): Reply {
  const refused = refuseUnsigned(exchange);
  if (refused) return refused;
  const group = exchange.query.get('groupName') ?? 'default';
  if (!state.scheduler.delete(group, name)) return restJsonError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
  return { status: 200, contentType: 'application/json', body: {} };
}

/** The first constraint of the model the request breaks, as a sentence; undefined when it breaks none. */
function validateCreate(name: string, body: Input): Check {
  const target = body.Target;
  const window = body.FlexibleTimeWindow;
  return (
    nameCheck('Name', name) ??
    (body.GroupName === undefined ? undefined : nameCheck('GroupName', body.GroupName)) ??
    expressionCheck(body.ScheduleExpression) ??
    optionalCheck(body.ScheduleExpressionTimezone, (zone) => (typeof zone === 'string' && zone.length <= 50 && isZone(zone) ? undefined : 'ScheduleExpressionTimezone must be a time zone name of at most 50 characters.')) ??
    optionalCheck(body.Description, (text) => (typeof text === 'string' && text.length <= 512 ? undefined : 'Description must be at most 512 characters.')) ??
    optionalCheck(body.State, (value) => oneOf('State', value, ['ENABLED', 'DISABLED'])) ??
    optionalCheck(body.ActionAfterCompletion, (value) => oneOf('ActionAfterCompletion', value, ['NONE', 'DELETE'])) ??
    optionalCheck(body.ClientToken, (token) => (typeof token === 'string' && token.length <= 64 && CLIENT_TOKEN.test(token) ? undefined : 'ClientToken must be 1 to 64 characters of [a-zA-Z0-9-_].')) ??
    (isPlainObject(window) ? windowCheck(window) : 'FlexibleTimeWindow is required.') ??
    (isPlainObject(target) ? targetCheck(target) : 'Target is required.')
  );
}

function nameCheck(member: string, value: unknown): Check {
  return typeof value === 'string' && value.length >= 1 && value.length <= 64 && NAME.test(value) ? undefined : `${member} must be 1 to 64 characters of [0-9a-zA-Z-_.].`;
}

function expressionCheck(value: unknown): Check {
  if (typeof value !== 'string' || value.length < 1 || value.length > 256) return 'ScheduleExpression is required, 1 to 256 characters.';
  const at = AT.exec(value);
  if (at) return validDate(at.slice(1).map(Number)) ? undefined : `ScheduleExpression ${value} names no date and time.`;
  return RATE_OR_CRON.test(value) ? undefined : 'ScheduleExpression must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields).';
}

function windowCheck(window: Input): Check {
  if (window.Mode === 'OFF') return undefined;
  if (window.Mode !== 'FLEXIBLE') return 'FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.';
  const minutes = window.MaximumWindowInMinutes;
  return Number.isInteger(minutes) && (minutes as number) >= 1 && (minutes as number) <= 1440 ? undefined : 'FlexibleTimeWindow.MaximumWindowInMinutes must be 1 to 1440 with Mode FLEXIBLE.';
}

function targetCheck(target: Input): Check {
  const retry = target.RetryPolicy;
  const deadLetter = target.DeadLetterConfig;
  if (typeof target.Arn !== 'string' || target.Arn.length < 1 || target.Arn.length > 1600) return 'Target.Arn is required, 1 to 1600 characters.';
  if (typeof target.RoleArn !== 'string' || !ROLE_ARN.test(target.RoleArn)) return 'Target.RoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).';
  if (target.Input !== undefined && (typeof target.Input !== 'string' || target.Input.length < 1)) return 'Target.Input must be a string of at least 1 character.';
  if (retry !== undefined) {
    if (!isPlainObject(retry)) return 'Target.RetryPolicy must be an object.';
    if (!inRange(retry.MaximumRetryAttempts, 0, 185)) return 'Target.RetryPolicy.MaximumRetryAttempts must be 0 to 185.';
    if (!inRange(retry.MaximumEventAgeInSeconds, 60, 86_400)) return 'Target.RetryPolicy.MaximumEventAgeInSeconds must be 60 to 86400.';
  }
  if (deadLetter !== undefined && (!isPlainObject(deadLetter) || (deadLetter.Arn !== undefined && (typeof deadLetter.Arn !== 'string' || !SQS_ARN.test(deadLetter.Arn))))) {
    return 'Target.DeadLetterConfig.Arn must be an SQS queue ARN.';
  }
  return undefined;
}

function optionalCheck(value: unknown, check: (value: unknown) => Check): Check {
  return value === undefined ? undefined : check(value);
}

function oneOf(member: string, value: unknown, values: readonly string[]): Check {
  return typeof value === 'string' && values.includes(value) ? undefined : `${member} must be one of ${values.join(', ')}.`;
}

function inRange(value: unknown, min: number, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && (value as number) >= min && (value as number) <= max);
}

function validDate([year, month, day, hour, minute, second]: number[]): boolean {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant `at(yyyy-mm-ddThh:mm:ss)` names in `zone` (epoch ms), or undefined for `rate()`/`cron()`.
 * One-time schedules take a date, a time and a zone [S]; UTC when none is given [I].
 */
export function atInstant(expression: string, zone: string): number | undefined {
  const at = AT.exec(expression);
  if (!at) return undefined;
  const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The wall time read as UTC, corrected by the zone's offset there, then once more at the result
  // (an offset change between the two readings); a time skipped by a change lands after it.
  const first = wall - offsetOf(zone, wall);
  return wall - offsetOf(zone, first);
}

function offsetOf(zone: string, instant: number): number {
  const digits = (new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).format(instant).match(/\d+/g) ?? []).map(Number);
  const [month, day, year, hour, minute, second] = digits;
  return Date.UTC(year, month - 1, day, hour, minute, second) - (instant - (instant % 1000));
}

import { isPlainObject, parseJson, type Exchange, type Reply } from './exchange';
import type { EmulatorOperations, EndpointName, Fault } from './types';

/** Every control path starts with this; it cannot collide with a Genesys or AWS path. */
export const CONTROL_PREFIX = '/__emulator/';

type Input = Record<string, unknown>;

interface ControlRoute {
  method: string;
  path: RegExp;
  /** Returns the JSON answer; `undefined` answers `{"ok":true}`. Throws to answer 400 with the message. */
  run(operations: EmulatorOperations, input: Input, pathParams: string[]): unknown;
}

/** The HTTP twin of the programmatic API, one route per method, for an emulator in another process. */
const CONTROL_ROUTES: ControlRoute[] = [
  { method: 'GET', path: /^\/__emulator\/records$/, run: (ops) => ops.records },
  { method: 'POST', path: /^\/__emulator\/reset$/, run: (ops) => ops.reset() },
  { method: 'PUT', path: /^\/__emulator\/seed$/, run: (ops, input) => ops.reseed(input) },
  {
    method: 'POST',
    path: /^\/__emulator\/faults$/,
    run: (ops, input) => ops.inject(input.endpoint as EndpointName, input.fault as Fault, (input.times as number | undefined) ?? 1),
  },
  { method: 'DELETE', path: /^\/__emulator\/faults$/, run: (ops) => ops.clearFaults() },
  { method: 'POST', path: /^\/__emulator\/token-lifetime$/, run: (ops, input) => ops.setTokenLifetime(input.seconds as number) },
  { method: 'POST', path: /^\/__emulator\/revoke-tokens$/, run: (ops) => ops.revokeTokens() },
  {
    method: 'POST',
    path: /^\/__emulator\/rotate-client-secret$/,
    run: (ops, input) => ({ clientSecret: ops.rotateClientSecret(optionalString(input, 'clientId')) }),
  },
  {
    method: 'POST',
    path: /^\/__emulator\/user-token$/,
    run: (ops, input) => ({ accessToken: ops.issueUserToken(requiredString(input, 'userId')) }),
  },
  {
    method: 'PUT',
    path: /^\/__emulator\/secrets\/(.+)$/,
    run: (ops, input, [secretId]) => ops.setSecret(secretId, requiredString(input, 'secretString')),
  },
  {
    method: 'POST',
    path: /^\/__emulator\/call-scripts$/,
    run: (ops, input) => ops.scriptCalls(input.script as Record<string, unknown>, (input.times as number | undefined) ?? 1),
  },
  {
    method: 'POST',
    path: /^\/__emulator\/call-events-target$/,
    run: (ops, input) =>
      ops.deliverCallEventsTo(
        input.lambdaUrl === undefined ? undefined : { lambdaUrl: requiredString(input, 'lambdaUrl'), functionName: requiredString(input, 'functionName') },
      ),
  },
  { method: 'DELETE', path: /^\/__emulator\/secrets\/(.+)$/, run: (ops, _input, [secretId]) => ops.deleteSecret(secretId) },
  { method: 'GET', path: /^\/__emulator\/schedules$/, run: (ops) => ops.schedules() },
  {
    // The virtual clock: {"until": "<ISO instant>"} fires what is due by then, {"name", "group"?} one
    // schedule now. Answers the schedules fired, whose deliveries go on after the answer.
    method: 'POST',
    path: /^\/__emulator\/schedules\/fire$/,
    run: (ops, input) => {
      const before = ops.records.schedulesFired.length;
      void ops.fireSchedules(input.name === undefined ? { until: requiredString(input, 'until') } : { name: requiredString(input, 'name'), group: optionalString(input, 'group') ?? 'default' });
      return ops.records.schedulesFired.slice(before);
    },
  },
  { method: 'POST', path: /^\/__emulator\/schedule-timers$/, run: (ops, input) => ops.setScheduleTimers(input.on === true) },
];

export function control(exchange: Exchange, operations: EmulatorOperations): Reply {
  const matching = CONTROL_ROUTES.filter((route) => route.path.test(exchange.path));
  if (matching.length === 0) return { status: 404, body: { error: `No control endpoint ${exchange.path}.` } };
  const route = matching.find((candidate) => candidate.method === exchange.method);
  if (route === undefined) {
    const allowed = matching.map((candidate) => candidate.method).join(', ');
    return { status: 405, headers: { Allow: allowed }, body: { error: `${exchange.method} ${exchange.path}: use ${allowed}.` } };
  }

  const parsed = exchange.rawBody.trim() === '' ? { ok: true as const, value: {} } : parseJson(exchange.rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) return { status: 400, body: { error: 'The body must be a JSON object.' } };
  const pathParams = (route.path.exec(exchange.path) ?? []).slice(1).map(decodeURIComponent);
  try {
    return { status: 200, body: route.run(operations, parsed.value, pathParams) ?? { ok: true } };
  } catch (error) {
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string.`);
  return value;
}

function optionalString(input: Input, name: string): string | undefined {
  return input[name] === undefined ? undefined : requiredString(input, name);
}

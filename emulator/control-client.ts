import type { CallScript } from './call-scripts';
import type { EmulatedSchedule, FiredSchedule } from './scheduler';
import type { EndpointName, Fault, Records, Seed } from './types';

/** The programmatic API, over HTTP, for an emulator running in another process (`npm run emulator`, `npm start`). */
export interface ControlClient {
  records(): Promise<Records>;
  reset(): Promise<void>;
  reseed(seed: Partial<Seed>): Promise<void>;
  inject(endpoint: EndpointName, fault: Fault, times?: number): Promise<void>;
  clearFaults(): Promise<void>;
  setTokenLifetime(seconds: number): Promise<void>;
  revokeTokens(): Promise<void>;
  rotateClientSecret(clientId?: string): Promise<string>;
  issueUserToken(userId: string): Promise<string>;
  setSecret(secretId: string, secretString: string): Promise<void>;
  deleteSecret(secretId: string): Promise<void>;
  scriptCalls(script: Partial<CallScript>, times?: number): Promise<void>;
  /** Only the Lambda Invoke API form: a function in another process cannot be handed over HTTP. */
  deliverCallEventsTo(target: { lambdaUrl: string; functionName: string } | undefined): Promise<void>;
  schedules(): Promise<EmulatedSchedule[]>;
  /** Answers once the schedules are fired; their deliveries go on after (see `records().schedulesFired`). */
  fireSchedules(which: { until: string } | { name: string; group?: string }): Promise<FiredSchedule[]>;
  setScheduleTimers(on: boolean): Promise<void>;
}

/** `url` is the emulator's base URL, e.g. http://127.0.0.1:9100. */
export function controlClient(url: string): ControlClient {
  const base = url.replace(/\/+$/, '');

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const target = `${base}/__emulator/${path}`;
    const response = await fetch(target, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      const reason = (safeJson(text) as { error?: string } | undefined)?.error ?? text;
      throw new Error(`Emulator control ${method} ${target} answered ${response.status}: ${reason}`);
    }
    return safeJson(text) as T;
  }

  const done = async (promise: Promise<unknown>): Promise<void> => void (await promise);

  return {
    records: () => call<Records>('GET', 'records'),
    reset: () => done(call('POST', 'reset')),
    reseed: (seed) => done(call('PUT', 'seed', seed)),
    inject: (endpoint, fault, times = 1) => done(call('POST', 'faults', { endpoint, fault, times })),
    clearFaults: () => done(call('DELETE', 'faults')),
    setTokenLifetime: (seconds) => done(call('POST', 'token-lifetime', { seconds })),
    revokeTokens: () => done(call('POST', 'revoke-tokens')),
    rotateClientSecret: async (clientId) =>
      (await call<{ clientSecret: string }>('POST', 'rotate-client-secret', clientId === undefined ? {} : { clientId })).clientSecret,
    issueUserToken: async (userId) => (await call<{ accessToken: string }>('POST', 'user-token', { userId })).accessToken,
    setSecret: (secretId, secretString) => done(call('PUT', `secrets/${encodeURIComponent(secretId)}`, { secretString })),
    deleteSecret: (secretId) => done(call('DELETE', `secrets/${encodeURIComponent(secretId)}`)),
    scriptCalls: (script, times = 1) => done(call('POST', 'call-scripts', { script, times })),
    deliverCallEventsTo: (target) => done(call('POST', 'call-events-target', target ?? {})),
    schedules: () => call<EmulatedSchedule[]>('GET', 'schedules'),
    fireSchedules: (which) => call<FiredSchedule[]>('POST', 'schedules/fire', which),
    setScheduleTimers: (on) => done(call('POST', 'schedule-timers', { on })),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

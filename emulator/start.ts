import { assertSeed, resolveSeed } from './seed';
import { listen } from './server';
import { EmulatorState } from './state';
import type { Emulator, EmulatorOperations, StartOptions } from './types';

const DEFAULT_HOST = '127.0.0.1';
/** 0: the system picks a free port, so parallel test files never collide. */
const DEFAULT_PORT = 0;

/** Starts an emulator of the Genesys login and API hosts and of Secrets Manager, all on one port. */
export async function start(options: StartOptions = {}): Promise<Emulator> {
  const host = options.host ?? DEFAULT_HOST;
  const state = new EmulatorState(resolveSeed(options.seed));
  const operations = operationsOn(state);
  // Printed beside the request lines, so that `npm start` shows each Call outcome event as it is put.
  if (options.log === true) state.eventBus.listener = (event) => console.log(`event bus: ${event['detail-type']} from ${event.source} ${JSON.stringify(event.detail)}`);
  const server = await listen({
    host,
    port: options.port ?? DEFAULT_PORT,
    state,
    operations,
    ...(options.log === true ? { log: (line: string) => console.log(line) } : {}),
  });
  // An IPv6 literal needs brackets in a URL.
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const stop = () => {
    state.conversations.clear();
    state.scheduler.reset([]);
    return server.stop();
  };
  return Object.assign(operations, { url: `http://${urlHost}:${server.port}`, port: server.port, stop });
}

function operationsOn(state: EmulatorState): EmulatorOperations {
  return {
    reset: () => state.reset(),
    reseed: (seed) => state.reseed(resolveSeed(assertSeed(seed))),
    inject: (endpoint, fault, times = 1) => state.faults.inject(endpoint, fault, times),
    clearFaults: () => state.faults.clear(),
    setTokenLifetime: (seconds) => state.setTokenLifetime(seconds),
    revokeTokens: () => state.tokens.revokeAll(),
    rotateClientSecret: (clientId) => state.rotateClientSecret(clientId),
    issueUserToken: (userId) => state.issueUserToken(userId),
    leakCanaries: () => state.leakCanaries(),
    leakHaystacks: () => [...state.eventBus.everReceived],
    scriptCalls: (script, times = 1) => state.scriptCalls(script, times),
    deliverCallEventsTo: (target) => {
      state.callEvents.target = target;
    },
    setSecret: (secretId, secretString) => {
      if (typeof secretId !== 'string' || typeof secretString !== 'string') throw new TypeError('secretId and secretString must be strings.');
      state.secrets.put(secretId, secretString);
    },
    deleteSecret: (secretId) => {
      const secret = state.secrets.find(secretId);
      if (secret === undefined) throw new Error(`Unknown secret ${JSON.stringify(secretId)}.`);
      state.secrets.delete(secret.name);
    },
    schedules: () => state.scheduler.all(),
    fireSchedules: (which) =>
      'name' in which
        ? state.scheduler.fireNow(which.group ?? 'default', which.name).then((fired) => [fired])
        : state.scheduler.fireDue(typeof which.until === 'number' ? which.until : instantOf(which.until)),
    deliverSchedulesTo: (target) => {
      state.scheduler.target = target;
    },
    setScheduleTimers: (on) => state.scheduler.setRealTime(on),
    get records() {
      return state.recorder.records;
    },
  };
}

function instantOf(text: string): number {
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) throw new TypeError(`until must be an ISO instant or epoch milliseconds, got ${JSON.stringify(text)}.`);
  return instant;
}

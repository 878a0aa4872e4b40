import type { Config } from '../config';
import { getConfig } from '../config';
import type { CallStore } from './call-store';
import { DynamoCallStore } from './call-store';

/** What the callEvents function keeps between invocations: its settings and the record store. */
export interface CallEventsContainer {
  readonly config: Config;
  readonly store: CallStore;
}

export function createCallEventsContainer(config: Config): CallEventsContainer {
  return { config, store: new DynamoCallStore(config.calls) };
}

let current: CallEventsContainer | undefined;

/** Built on first use, like lib/container.ts: a configuration error is reported, not a failed module load. */
export function getCallEventsContainer(): CallEventsContainer {
  current ??= createCallEventsContainer(getConfig());
  return current;
}

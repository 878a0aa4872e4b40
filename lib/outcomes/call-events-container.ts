import type { Config } from '../config';
import { getConfig } from '../config';
import type { CallStore } from './call-store';
import { DynamoCallStore } from './call-store';
import type { OutcomePublisher } from './outcome-change';

/** What the callEvents function keeps between invocations: the record store, and the outcome publisher if enabled. */
export interface CallEventsContainer {
  readonly config: Config;
  readonly store: CallStore;
  readonly publisher?: OutcomePublisher;
}

export function createCallEventsContainer(config: Config, publisher?: OutcomePublisher): CallEventsContainer {
  return { config, store: new DynamoCallStore(config.calls), ...(publisher ? { publisher } : {}) };
}

let current: CallEventsContainer | undefined;

/** Built on first use, like lib/container.ts: a configuration error is reported, not a failed module load. */
export function getCallEventsContainer(): CallEventsContainer {
  current ??= createCallEventsContainer(getConfig());
  return current;
}

import type { Config } from '../config';
import { getConfig } from '../config';
import type { CallStore } from './call-store';
import { DynamoCallStore } from './call-store';
import type { OutcomeEvents } from './outcome-events';
import { outcomeEventsFor } from './outcome-events';

/** What the callEvents function keeps between invocations: its settings, the record store and the outcome events' publisher. */
export interface CallEventsContainer {
  readonly config: Config;
  readonly store: CallStore;
  /** None unless CALL_OUTCOME_EVENTS is on. */
  readonly events?: OutcomeEvents;
}

export function createCallEventsContainer(config: Config): CallEventsContainer {
  const events = outcomeEventsFor(config.outcomeEvents);
  return { config, store: new DynamoCallStore(config.calls), ...(events === undefined ? {} : { events }) };
}

let current: CallEventsContainer | undefined;

/** Built on first use, like lib/container.ts: a configuration error is reported, not a failed module load. */
export function getCallEventsContainer(): CallEventsContainer {
  current ??= createCallEventsContainer(getConfig());
  return current;
}

import type * as EventBridge from '@aws-sdk/client-eventbridge';
import type { OutcomeEventSettings } from '../config';
import { STORE_CLIENT_CONFIG, boundedSend, withStoreDeadline } from '../aws/store-deadline';
import { lazyUntilFailed } from '../aws/lazy';
import { metrics } from '../telemetry/metrics';
import type { CallOutcome } from './outcome';
import { OUTCOME_EVENT, outcomeEventDetail } from './outcome-event';

/** Where outcome changes are published (the account's default EventBridge bus). */
export interface OutcomeEvents {
  /** Puts the `Call outcome` event of the change `before` → `after`; throws when EventBridge did not take it. */
  put(before: CallOutcome, after: CallOutcome, deadline: number): Promise<void>;
}

/** EventBridge answered, but refused the entry (`FailedEntryCount` 1): its error code, never the detail. */
export class OutcomeEventRefusedError extends Error {
  override readonly name = 'OutcomeEventRefusedError';

  constructor(readonly errorCode: string) {
    super(`EventBridge did not take the Call outcome event: ${errorCode}.`);
  }
}

/** The publisher the settings ask for: none when `CALL_OUTCOME_EVENTS` is off (the default). */
export function outcomeEventsFor(settings: OutcomeEventSettings): OutcomeEvents | undefined {
  return settings.enabled ? new EventBridgeOutcomeEvents() : undefined;
}

/**
 * The default bus, through the real SDK (AWS_ENDPOINT_URL_EVENTBRIDGE points it at the emulator
 * locally). The client is loaded on the first put, so a container that never sees a change (every
 * createCall, every schedule) pays nothing for it. Each put is bounded like the stores' operations:
 * the SDK's own timeouts, and our abort at 2 s or the invocation's deadline (store-deadline.ts).
 * Every put is counted: `CallOutcomeEvents` by `put` or `failed`.
 */
export class EventBridgeOutcomeEvents implements OutcomeEvents {
  /** The SDK and its client, loaded on first use; a load that fails is not kept, so the next put tries again. */
  readonly #loaded = lazyUntilFailed(async () => {
    // require(), not import(): as for DynamoDB (lib/aws/dynamodb-client.ts), import() would load the
    // runtime's CommonJS SDK through Node's ESM loader.
    const sdk = require('@aws-sdk/client-eventbridge') as typeof EventBridge;
    return { sdk, client: boundedSend(new sdk.EventBridgeClient(STORE_CLIENT_CONFIG)) };
  });

  async put(before: CallOutcome, after: CallOutcome, deadline: number): Promise<void> {
    try {
      const { sdk, client } = await this.#loaded();
      const entry = { Source: OUTCOME_EVENT.source, DetailType: OUTCOME_EVENT.detailType, Detail: JSON.stringify(outcomeEventDetail(before, after)) };
      const output = await withStoreDeadline(deadline, () => client.send(new sdk.PutEventsCommand({ Entries: [entry] })));
      // PutEvents answers 200 with the entry refused in its place (throttled, too large, …).
      if ((output.FailedEntryCount ?? 0) > 0) throw new OutcomeEventRefusedError(output.Entries?.[0]?.ErrorCode ?? 'unknown');
      metrics.addByCode('CallOutcomeEvents', 'put');
    } catch (error) {
      metrics.addByCode('CallOutcomeEvents', 'failed');
      throw error;
    }
  }
}

import type { Emulator } from '../../emulator';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { CALLS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { createHandler as createEventsHandler } from '../../functions/call-events';
import { loadConfig } from '../../lib/config';
import { createCallEventsContainer } from '../../lib/outcomes/call-events-container';
import { emulatorEnv, lambdaContext, startEmulator } from './harness';

export interface EmulatorAndDynamo {
  readonly emulator: Emulator;
  readonly dynamo: LocalDynamoDB;
  stop(): Promise<void>;
}

/**
 * An emulator and a real DynamoDB implementation (dynalite), with this process's AWS SDK pointed at
 * it (AWS_ENDPOINT_URL_DYNAMODB). With `deliverCallEvents`, the emulator hands the events of every
 * call it plays to the real callEvents handler on CALLS_TABLE, as Genesys's EventBridge would.
 */
export async function startEmulatorAndDynamo(options: { deliverCallEvents?: boolean } = {}): Promise<EmulatorAndDynamo> {
  const emulator = await startEmulator();
  const dynamo = await startLocalDynamoDB();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  if (options.deliverCallEvents) {
    const callEvents = createEventsHandler(() => createCallEventsContainer(loadConfig(emulatorEnv(emulator, { CALLS_TABLE }))));
    emulator.deliverCallEventsTo(async (envelope) => callEvents(envelope, lambdaContext(10_000)));
  }
  return {
    emulator,
    dynamo,
    stop: async () => {
      await dynamo.stop();
      await emulator.stop();
    },
  };
}

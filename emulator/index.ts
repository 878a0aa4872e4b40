/**
 * A local Genesys Cloud (OAuth client credentials + the two create-call endpoints) and a local
 * AWS Secrets Manager GetSecretValue, on one HTTP port, speaking the real wire formats. See
 * types.ts for the API and emulator/README.md for what is emulated and which behaviours are guesses.
 */
export { start } from './start';
export { DEMO, DEMO_ROLE_PERMISSIONS } from './seed';
export { controlClient, type ControlClient } from './control-client';
export { CALL_OUTCOMES, DELIVERIES, SCRIPT_BY_LAST_DIGITS, type CallOutcome, type CallScript, type Delivery } from './call-scripts';
export { DETAIL_TOPICS, EVENT_SOURCE, PARTNER_EVENT_SOURCE, detailEnvelope, type DetailTopic, type EventBridgeEnvelope } from './detail-events';
export type { CallEventTarget, SentEvent } from './event-delivery';
export type { EmulatedSchedule, FiredSchedule, ScheduleDelivery, ScheduleTarget } from './scheduler';
export { LOCAL_SCHEDULE_GROUP } from './seed';
export { sqsScheduleTarget } from './schedule-to-sqs';
export type {
  BusEvent,
  Emulator,
  EmulatorClient,
  EmulatorIntegration,
  EmulatorOperations,
  EmulatorOrganization,
  EmulatorQueue,
  EmulatorRole,
  EmulatorStation,
  EmulatorUser,
  EndpointName,
  Fault,
  PlacedCall,
  RecordedRequest,
  Records,
  Seed,
  StartOptions,
} from './types';

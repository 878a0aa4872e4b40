import { detailEnvelope } from '../../emulator';
import { httpApiEvent, httpApiGetCallEvent, restApiEvent } from './api-gateway-events';
import { constantInput, scheduledEvent, transformedInput } from './scheduled-events';

/**
 * The samples in events/, for `serverless invoke local`. `npm run events` writes them; a unit test
 * checks the committed files still match, so they cannot drift from the envelopes.
 */
/** A conversation id of the real sample (doctor-outcomes §B2). */
const SAMPLE_CONVERSATION = '2f7bf00a-0fc2-4d6a-9b56-92238191433e';

export const SAMPLE_EVENTS = {
  'http-api-call': httpApiEvent({ to: '+1 415 555 0100', label: 'sample' }),
  'http-api-national-number': httpApiEvent({ to: '020 7946 0018', country: 'GB' }),
  'http-api-invalid-number': httpApiEvent({ to: '415 555' }),
  'http-api-country-not-allowed': httpApiEvent({ to: '+33 1 23 45 67 89' }),
  // A number no other sample dials: a dry run answers it in full, and the end-to-end test's leak
  // guard treats every number the emulator received as one that must never appear in full.
  'http-api-dry-run': httpApiEvent({ to: '020 7946 0958', country: 'GB', dryRun: true }),
  'rest-api-call': restApiEvent({ to: '(415) 555-0100', attributes: { campaign: 'renewals' } }),
  'rest-api-invalid-number': restApiEvent({ to: '1-800-FLOWERS' }),
  'rest-api-dry-run': restApiEvent({ to: '011 44 20 7946 0958', dryRun: true }),
  // scheduledCalls: what the example rule's input transformer delivers (serverless.yml), a rule's
  // plain constant input, and the Scheduled Event envelope with the list in detail.
  // An event of its own: a schedule's batch is named by the event's id and time, so sharing the
  // envelope's id would make one sample's list find the other's batch (refused: another list).
  'scheduled-transformed-input': transformedInput(
    [
      { to: '+1 415 555 0100', label: 'renewals' },
      { to: '(415) 555-0102', label: 'renewals', attributes: { campaign: 'renewals' } },
    ],
    { id: 'b3f1c2a4-5d6e-4f70-8a9b-0c1d2e3f4a5b', time: '2026-11-30T15:00:00Z' },
  ),
  'scheduled-constant-input': constantInput([
    { to: '+1 415 555 0100', label: 'renewals' },
    { to: '020 7946 0018', country: 'GB', attributes: { campaign: 'renewals' } },
  ]),
  'scheduled-event': scheduledEvent([
    { to: '(415) 555-0100', label: 'reminder' },
    { to: '415 555' },
    { to: '+1 415 555 0101', dryRun: true },
  ]),
  // getCall, and callEvents with Genesys's EventBridge deliveries (the shape of doctor-outcomes §B2;
  // a conversation the local DynamoDB has no record of is dropped as not placed by this service).
  'http-api-get-call': httpApiGetCallEvent(SAMPLE_CONVERSATION),
  'genesys-customer-end': detailEnvelope(
    'customer.end',
    SAMPLE_CONVERSATION,
    {
      eventTime: 1795852863000,
      conversationId: SAMPLE_CONVERSATION,
      participantId: '9fb2ca78-1d3e-4c5f-8a6b-7c8d9e0f1a2b',
      sessionId: 'c03d300e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      mediaType: 'VOICE',
      provider: 'Edge',
      direction: 'OUTBOUND',
      ani: 'tel:+13175550000',
      dnis: 'tel:+14155550100',
      addressTo: 'tel:+14155550100',
      addressFrom: 'tel:+13175550000',
      disconnectType: 'ENDPOINT',
      interactingDurationMs: 60000,
    },
    { id: '58fb5dac-0b6e-4f0e-9a43-6e1f4bd1c2a1', correlationId: '7272d362-3c4b-4d5e-8f6a-7b8c9d0e1f2a' },
  ),
  'genesys-user-start': detailEnvelope(
    'user.start',
    SAMPLE_CONVERSATION,
    {
      eventTime: 1795852800000,
      conversationId: SAMPLE_CONVERSATION,
      participantId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      sessionId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
      mediaType: 'VOICE',
      provider: 'Edge',
      direction: 'OUTBOUND',
      ani: 'tel:+13175550000',
      dnis: 'tel:+14155550100',
      userId: 'e0000000-0000-4000-8000-000000000001',
    },
    { id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d', correlationId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f' },
  ),
} as const;

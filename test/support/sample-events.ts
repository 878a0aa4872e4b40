import { httpApiEvent, restApiEvent } from './api-gateway-events';
import { constantInput, scheduledEvent, transformedInput } from './scheduled-events';

/**
 * The samples in events/, for `serverless invoke local`. `npm run events` writes them; a unit test
 * checks the committed files still match, so they cannot drift from the envelopes.
 */
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
  // An event of its own: items are keyed by event id, time and position, so sharing the envelope's
  // id would make one sample refuse the other's items as a reused key.
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
} as const;

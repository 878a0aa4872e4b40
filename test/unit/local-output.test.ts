import { localOutput } from '../../scripts/local-output';

// What npm start shows of serverless offline's output: one line per request by default, everything
// with --verbose. The lines below are serverless offline's and the functions' as they print them.

const log = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'INFO', timestamp: '2026-12-07T18:33:40.561Z', service: 'genesys-outbound-call', cold_start: false, function_request_id: 'r1', ...fields });

const createCallRun = [
  '',
  'POST /calls (λ: createCall)',
  log({ message: 'call placed', function_name: 'genesys-outbound-call-local-createCall', outcome: 'placed', status: 201, durationMs: 1281, to: '+*******0100' }),
  '(λ: createCall) RequestId: 1030adaa-a462-481e-ad96-793f2484da36  Duration: 2405.74 ms  Billed Duration: 2406 ms',
  '{"_aws":{"Timestamp":1796668420588,"CloudWatchMetrics":[]},"service":"genesys-outbound-call","CallsPlaced":1}',
];

describe('localOutput', () => {
  it('shows a request as one line: function, route, status and outcome, time', () => {
    // Prepare
    const show = localOutput({ verbose: false });

    // Act
    const shown = createCallRun.map(show).filter((line) => line !== undefined);

    // Assess
    expect(shown).toEqual(['createCall     POST /calls 201 placed 1281 ms']);
  });

  it("pairs each function's routes with its outcomes in order, and names an event by its detail-type", () => {
    // Prepare
    const show = localOutput({ verbose: false });
    const lines = [
      'GET /calls/173fe1ad (λ: getCall)',
      'POST /calls (λ: createCall)',
      log({ message: 'call outcome read', function_name: 'genesys-outbound-call-local-getCall', status: 'ended', durationMs: 12 }),
      log({ message: 'request refused', level: 'WARN', function_name: 'genesys-outbound-call-local-createCall', outcome: 'refused', status: 422, code: 'invalid_phone_number', durationMs: 3 }),
      log({ message: 'call outcome changed', function_name: 'genesys-outbound-call-local-callEvents' }),
      log({ message: 'genesys event applied', function_name: 'genesys-outbound-call-local-callEvents', result: 'applied', detailType: 'v2.detail.events.conversation.{id}.customer.start', durationMs: 168 }),
    ];

    // Act
    const shown = lines.map(show).filter((line) => line !== undefined);

    // Assess
    expect(shown).toEqual([
      'getCall        GET /calls/173fe1ad ended 12 ms',
      'createCall     POST /calls 422 refused invalid_phone_number 3 ms',
      'callEvents     event customer.start applied 168 ms',
    ]);
  });

  it('shows warnings and errors as one line each, and passes other output through', () => {
    // Prepare
    const show = localOutput({ verbose: false });

    // Act
    const shown = [
      log({ level: 'WARN', message: 'schedule has no event id', function_name: 'genesys-outbound-call-local-scheduledCalls', code: 'duplicate_delivery_risk' }),
      'Server ready: http://localhost:3000 🚀',
    ].map(show);

    // Assess
    expect(shown).toEqual(['scheduledCalls WARN schedule has no event id duplicate_delivery_risk', 'Server ready: http://localhost:3000 🚀']);
  });

  it('shows every line as it comes with verbose', () => {
    // Prepare
    const show = localOutput({ verbose: true });

    // Act
    const shown = createCallRun.map(show);

    // Assess
    expect(shown).toEqual(createCallRun);
  });
});

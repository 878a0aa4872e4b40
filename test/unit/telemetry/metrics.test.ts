import { METRICS, METRICS_NAMESPACE, ServiceMetrics } from '../../../lib/telemetry/metrics';
import { captureEmf, metricsOf } from '../../support/emf';

describe('ServiceMetrics', () => {
  describe('publish', () => {
    it('prints plain metrics as one EMF line in the GenesysOutboundCall namespace, with the service as the only dimension', async () => {
      // Prepare
      const metrics = new ServiceMetrics('genesys-outbound-call-test');
      metrics.add('CallsPlaced');
      metrics.add('CallsPlaced');
      metrics.add('GenesysCallLatency', 84.5);
      metrics.add('TokenRequests');

      // Act
      const { lines } = await captureEmf(() => metrics.publish());

      // Assess
      expect(lines).toHaveLength(1);
      expect(metricsOf(lines)).toEqual([
        { namespace: METRICS_NAMESPACE, name: 'CallsPlaced', unit: 'Count', dimensions: { service: 'genesys-outbound-call-test' }, value: [1, 1] },
        { namespace: METRICS_NAMESPACE, name: 'GenesysCallLatency', unit: 'Milliseconds', dimensions: { service: 'genesys-outbound-call-test' }, value: 84.5 },
        { namespace: METRICS_NAMESPACE, name: 'TokenRequests', unit: 'Count', dimensions: { service: 'genesys-outbound-call-test' }, value: 1 },
      ]);
    });

    it('prints each code of a coded metric as its own line, summed, with the service and code dimensions', async () => {
      // Prepare
      const metrics = new ServiceMetrics('svc');
      metrics.addByCode('RequestsRefused', 'invalid_phone_number');
      metrics.addByCode('RequestsRefused', 'genesys_auth_failed');
      metrics.addByCode('RequestsRefused', 'invalid_phone_number');
      metrics.addByCode('GenesysRefusals', 'not.a.user');

      // Act
      const { lines } = await captureEmf(() => metrics.publish());

      // Assess
      expect(lines).toHaveLength(3);
      expect(metricsOf(lines)).toEqual([
        { namespace: METRICS_NAMESPACE, name: 'RequestsRefused', unit: 'Count', dimensions: { service: 'svc', code: 'invalid_phone_number' }, value: 2 },
        { namespace: METRICS_NAMESPACE, name: 'RequestsRefused', unit: 'Count', dimensions: { service: 'svc', code: 'genesys_auth_failed' }, value: 1 },
        { namespace: METRICS_NAMESPACE, name: 'GenesysRefusals', unit: 'Count', dimensions: { service: 'svc', code: 'not.a.user' }, value: 1 },
      ]);
    });

    it('prints nothing, not even a warning, when nothing was recorded, and forgets what it published', async () => {
      // Prepare
      const metrics = new ServiceMetrics('svc');
      metrics.add('IdempotentReplays');
      metrics.addByCode('DialItems', 'placed');
      await captureEmf(() => metrics.publish());
      const warn = jest.spyOn(console, 'warn');

      // Act
      const { lines } = await captureEmf(() => metrics.publish());

      // Assess
      expect(lines).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
      warn.mockRestore();
    });
  });

  describe('addByCode', () => {
    it.each(['not.a.user', 'conversation.error.no.user.station', 'invalid_client', 'genesys_auth_failed', 'not_attempted', 'http_503'])(
      'files the code %j as it is',
      async (code) => {
        // Prepare
        const metrics = new ServiceMetrics('svc');
        metrics.addByCode('GenesysRefusals', code);

        // Act
        const { lines } = await captureEmf(() => metrics.publish());

        // Assess
        expect(metricsOf(lines).map((metric) => metric.dimensions)).toEqual([{ service: 'svc', code }]);
      },
    );

    it.each([
      ['+14155550100', 'a phone number'],
      ['e0000000-0000-4000-8000-000000000001', 'a user id'],
      ['x'.repeat(65), 'a long text'],
      ['bad code with spaces', 'a sentence'],
      ['http_5030', 'digits beyond a status'],
    ])('files %j (%s) under code "other", so no dimension value can carry a number or an id', async (code) => {
      // Prepare
      const metrics = new ServiceMetrics('svc');
      metrics.addByCode('GenesysRefusals', code);

      // Act
      const { lines } = await captureEmf(() => metrics.publish());

      // Assess
      expect(metricsOf(lines).map((metric) => metric.dimensions)).toEqual([{ service: 'svc', code: 'other' }]);
      expect(JSON.stringify(lines)).not.toContain(code);
    });
  });

  describe('METRICS', () => {
    it('gives every metric a CloudWatch unit, and only coded metrics a code dimension', () => {
      // Prepare
      const units = new Set(['Count', 'Milliseconds']);

      // Act
      const table = Object.entries(METRICS).map(([name, definition]) => [name, units.has(definition.unit), 'code' in definition]);

      // Assess
      expect(table).toEqual([
        ['CallsPlaced', true, false],
        ['RequestsRefused', true, true],
        ['GenesysRefusals', true, true],
        ['GenesysCallLatency', true, false],
        ['TokenRequests', true, false],
        ['RateLimitWaits', true, false],
        ['IdempotentReplays', true, false],
        ['CallOutcomes', true, true],
        ['CallLookupsFailed', true, true],
        ['CallOutcomeEvents', true, true],
        ['DialItems', true, true],
        ['DialDeferrals', true, true],
        ['BatchesAccepted', true, false],
        ['CallsQueued', true, false],
        ['QueueDelay', true, false],
        ['SuppressionChanges', true, true],
      ]);
    });
  });
});

import { METRICS, METRICS_NAMESPACE } from '../../lib/telemetry/metrics';
import { PROBLEM_TYPES } from '../../lib/problems/problem-types';
import type { CloudFormationTemplate, ScratchPackage } from '../support/scratch-package';
import { packageScratchCopy } from '../support/scratch-package';

// The alarms as `serverless package` writes them into the CloudFormation template a deploy sends:
// what each watches, when it fires, whom it notifies and what its description tells the reader; and
// the dial queue's resources (queue, dead-letter queue, event source mapping, batch routes).

jest.setTimeout(240_000);

const STAGE = 'ci';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:genesys-oncall';
const DOCTOR = `npm run doctor -- --stage ${STAGE}`;

let packaged: ScratchPackage;
let template: CloudFormationTemplate;
beforeAll(async () => {
  // With an event source and Call outcome events, so that callEvents and its queue's alarm, and the
  // failed-events alarm, are in the template too.
  packaged = await packageScratchCopy([
    '--stage',
    STAGE,
    '--param=genesysRegion=mypurecloud.com',
    `--param=alarmTopicArn=${TOPIC}`,
    '--param=genesysEventSource=aws.partner/genesys.com/cloud/e0000000-0000-4000-8000-0000000000a0/outbound-calls',
    '--param=callOutcomeEvents=true',
  ]);
  template = packaged.template;
});
afterAll(() => packaged?.remove());

type Json = unknown;

/** CloudFormation's condition functions, as far as the template uses them. */
function evaluate(condition: Json): boolean {
  const node = condition as Record<string, Json[]> & { Condition?: string };
  if (typeof node.Condition === 'string') return evaluate(template.Conditions?.[node.Condition]);
  if ('Fn::Equals' in node) return node['Fn::Equals'][0] === node['Fn::Equals'][1];
  if ('Fn::Not' in node) return !evaluate(node['Fn::Not'][0]);
  if ('Fn::And' in node) return node['Fn::And'].every(evaluate);
  throw new Error(`condition not understood: ${JSON.stringify(condition)}`);
}

/** `Fn::If` resolved with the template's conditions. */
function resolveIf(value: Json): Json {
  const node = value as { 'Fn::If'?: [string, Json, Json] };
  if (!node['Fn::If']) return value;
  const [condition, then, otherwise] = node['Fn::If'];
  return evaluate({ Condition: condition }) ? then : otherwise;
}

interface Alarm {
  name: string;
  condition?: string;
  properties: Record<string, Json>;
}

function alarms(): Alarm[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm')
    .map(([name, resource]) => ({ name, condition: resource.Condition, properties: resource.Properties }));
}

/** What an alarm on one metric watches: namespace, metric, dimensions, statistic, period and trigger. */
function watched(alarm: Alarm) {
  const { Namespace, MetricName, Dimensions, Statistic, Period, EvaluationPeriods, Threshold, ComparisonOperator } = alarm.properties;
  return { Namespace, MetricName, Dimensions, Statistic, Period, EvaluationPeriods, Threshold, ComparisonOperator };
}

function alarmWatching(namespace: string, metric: string, dimension: { Name: string; Value: Json }): Alarm | undefined {
  return alarms().find(
    (alarm) =>
      alarm.properties.Namespace === namespace &&
      alarm.properties.MetricName === metric &&
      JSON.stringify(alarm.properties.Dimensions).includes(JSON.stringify(dimension)),
  );
}

function description(alarm: Alarm | undefined): string {
  return String(alarm?.properties.AlarmDescription ?? '');
}

const SERVICE = `genesys-outbound-call-${STAGE}`;

describe('the packaged alarms', () => {
  it('are deployed by default, each notifying the alarmTopicArn topic when it fires and when it clears, and quiet without data', () => {
    // Act
    const list = alarms().map((alarm) => ({
      name: alarm.name,
      deployed: alarm.condition ? evaluate({ Condition: alarm.condition }) : true,
      alarmActions: resolveIf(alarm.properties.AlarmActions),
      okActions: resolveIf(alarm.properties.OKActions),
      missingData: alarm.properties.TreatMissingData,
    }));

    // Assess
    expect(list.length).toBeGreaterThanOrEqual(8);
    for (const alarm of list) {
      expect(alarm).toEqual({ name: alarm.name, deployed: true, alarmActions: [TOPIC], okActions: [TOPIC], missingData: 'notBreaching' });
    }
  });

  it('fire on any message in the schedule failure queue, and say to run the doctor and send the event again', () => {
    // Act
    const alarm = alarmWatching('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': ['ScheduledCallsFailureQueue', 'QueueName'] } });

    // Assess
    expect(alarm && watched(alarm)).toMatchObject({ Statistic: 'Maximum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(description(alarm)).toContain(DOCTOR);
    expect(description(alarm)).toContain('send the event again');
  });

  it("fire on any message in callEvents' dead-letter queue, and say where the cause is logged", () => {
    // Act
    const alarm = alarmWatching('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': ['CallEventsDeadLetterQueue', 'QueueName'] } });

    // Assess
    expect(alarm && watched(alarm)).toMatchObject({ Statistic: 'Maximum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(description(alarm)).toContain('genesys event not applied');
  });

  it.each([
    ['CreateCallLambdaFunction', 'report it'],
    ['GetCallLambdaFunction', 'report it'],
    ['ScheduledCallsLambdaFunction', DOCTOR],
  ])('fire on any error of %s, saying what to do', (functionResource, advice) => {
    // Act
    const alarm = alarmWatching('AWS/Lambda', 'Errors', { Name: 'FunctionName', Value: { Ref: functionResource } });

    // Assess
    expect(template.Resources[functionResource]?.Type).toBe('AWS::Lambda::Function');
    expect(alarm && watched(alarm)).toMatchObject({ Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(description(alarm)).toContain(advice);
  });

  it.each(['genesys_auth_failed', 'genesys_forbidden', 'credentials_unavailable', 'credentials_invalid', 'suppression_list_unavailable'] as const)(
    'fire when %s is answered once in 5 minutes (every call fails until fixed), from the metric the functions emit, and say to run the doctor',
    (code) => {
      // Prepare
      const environments = Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::Lambda::Function')
        .map((resource) => (resource.Properties.Environment as { Variables: Record<string, Json> }).Variables.POWERTOOLS_SERVICE_NAME);

      // Act
      const alarm = alarmWatching(METRICS_NAMESPACE, 'RequestsRefused', { Name: 'code', Value: code });

      // Assess
      expect(code in PROBLEM_TYPES).toBe(true);
      expect(METRICS.RequestsRefused.code).toBe('problem code');
      expect(new Set(environments)).toEqual(new Set([SERVICE]));
      expect(alarm && watched(alarm)).toEqual({
        Namespace: METRICS_NAMESPACE,
        MetricName: 'RequestsRefused',
        Dimensions: [
          { Name: 'service', Value: SERVICE },
          { Name: 'code', Value: code },
        ],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(description(alarm)).toContain(code);
      expect(description(alarm)).toContain(DOCTOR);
    },
  );

  it('fire when a Call outcome event could not be put once in 5 minutes, from the metric the functions emit, and say where the cause is logged', () => {
    // Act
    const alarm = alarmWatching(METRICS_NAMESPACE, 'CallOutcomeEvents', { Name: 'code', Value: 'failed' });

    // Assess
    expect(METRICS.CallOutcomeEvents.code).toBe('put result');
    expect(alarm?.condition).toBe('OutcomeEventAlarmsEnabled');
    expect(alarm && watched(alarm)).toEqual({
      Namespace: METRICS_NAMESPACE,
      MetricName: 'CallOutcomeEvents',
      Dimensions: [
        { Name: 'service', Value: SERVICE },
        { Name: 'code', Value: 'failed' },
      ],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(description(alarm)).toContain('events:PutEvents');
    expect(description(alarm)).toContain('call-events-dlq');
  });

  it('fire when more than 5% of the HTTP API answers in 5 minutes are 5xx, once there are 10 requests', () => {
    // Prepare
    const apiMetric = (name: string) => ({ Namespace: 'AWS/ApiGateway', MetricName: name, Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }] });

    // Act
    const alarm = alarms().find((candidate) => JSON.stringify(candidate.properties.Metrics ?? []).includes('"5xx"'));
    const metrics = (alarm?.properties.Metrics ?? []) as Array<{ Id: string; Expression?: string; ReturnData: boolean; MetricStat?: { Metric: Json; Period: number; Stat: string } }>;

    // Assess
    expect(template.Resources.HttpApi?.Type).toBe('AWS::ApiGatewayV2::Api');
    expect(metrics).toEqual([
      { Id: 'share', Label: '5xx share of answers (%)', Expression: 'IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)', ReturnData: true },
      { Id: 'errors', ReturnData: false, MetricStat: { Metric: apiMetric('5xx'), Period: 300, Stat: 'Sum' } },
      { Id: 'requests', ReturnData: false, MetricStat: { Metric: apiMetric('Count'), Period: 300, Stat: 'Sum' } },
    ]);
    // CloudFormation reads a number given as a string (as a --param value is) as the number.
    expect({ Threshold: Number(alarm?.properties.Threshold), ComparisonOperator: alarm?.properties.ComparisonOperator }).toEqual({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    expect(description(alarm)).toContain(DOCTOR);
  });
});

// The same packaged template, for the dial queue's own resources (one package for both: CI's time).
describe('the packaged dial queue', () => {
  const resource = (name: string) => template.Resources[name];
  const dialer = () => resource('DialerLambdaFunction');

  it("fires on any message in the dial queue's dead-letter queue, and on its oldest message growing old", () => {
    // Act
    const dead = alarmWatching('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': ['DialDeadLetterQueue', 'QueueName'] } });
    const behind = alarmWatching('AWS/SQS', 'ApproximateAgeOfOldestMessage', { Name: 'QueueName', Value: { 'Fn::GetAtt': ['DialQueue', 'QueueName'] } });

    // Assess
    expect(dead && watched(dead)).toMatchObject({ Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(description(dead)).toContain('redrive');
    expect(behind && watched(behind)).toMatchObject({ Statistic: 'Maximum', Threshold: 3600, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('has a queue that redrives to its dead-letter queue after dialMaxReceiveCount, hides a message 6 × the dialer timeout, and keeps it less long than its idempotency record', () => {
    // Prepare
    const queue = resource('DialQueue')?.Properties as { RedrivePolicy: Json; VisibilityTimeout: number; MessageRetentionPeriod: number };
    const deadLetter = resource('DialDeadLetterQueue')?.Properties as { MessageRetentionPeriod: number };
    const variables = (dialer()?.Properties.Environment as { Variables: Record<string, Json> }).Variables;

    // Act
    const deliveriesEndWithin = Number(queue.MessageRetentionPeriod) + Number(deadLetter.MessageRetentionPeriod);

    // Assess
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['DialDeadLetterQueue', 'Arn'] }, maxReceiveCount: 10 });
    expect(Number(queue.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * Number(dialer()?.Properties.Timeout));
    expect(Number(variables.DIAL_RECORD_SECONDS)).toBeGreaterThan(deliveriesEndWithin);
    expect(variables.DIAL_QUEUE_URL).toEqual({ Ref: 'DialQueue' });
    expect(variables.BATCHES_TABLE).toEqual({ Ref: 'BatchesTable' });
  });

  it('feeds the dialer through an event source mapping with ReportBatchItemFailures and maximumConcurrency dialConcurrency', () => {
    // Act
    const mappings = Object.values(template.Resources).filter((candidate) => candidate.Type === 'AWS::Lambda::EventSourceMapping');

    // Assess
    expect(mappings.map((mapping) => mapping.Properties)).toEqual([
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': ['DialQueue', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['DialerLambdaFunction', 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      }),
    ]);
  });

  it('authorizes every batch route with IAM', () => {
    // Act
    const routes = Object.values(template.Resources)
      .filter((candidate) => candidate.Type === 'AWS::ApiGatewayV2::Route' && String(candidate.Properties.RouteKey).includes('/batches'))
      .map((route) => [route.Properties.RouteKey, route.Properties.AuthorizationType])
      .sort();

    // Assess
    expect(routes).toEqual([
      ['DELETE /batches/{batchId}', 'AWS_IAM'],
      ['GET /batches/{batchId}', 'AWS_IAM'],
      ['GET /batches/{batchId}/calls', 'AWS_IAM'],
      ['POST /batches', 'AWS_IAM'],
    ]);
  });
});

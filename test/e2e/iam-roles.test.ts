import type { CloudFormationTemplate, ScratchPackage } from '../support/scratch-package';
import { packageScratchCopy } from '../support/scratch-package';

// The functions' IAM roles as `serverless package` writes them into the CloudFormation template a
// deploy sends (issue 19, item 7): one role per function, each granting only what that function's
// code uses. GRANTS is the whole list; a grant the template has and GRANTS lacks fails the test, and
// so does a function GRANTS does not name. serverless.yml says how to add a function's role.

jest.setTimeout(240_000);

let packaged: ScratchPackage;
let template: CloudFormationTemplate;
beforeAll(async () => {
  // With an event source and Call outcome events, so that callEvents and every conditional grant are in.
  packaged = await packageScratchCopy([
    '--stage',
    'ci',
    '--param=genesysRegion=mypurecloud.com',
    '--param=genesysEventSource=aws.partner/genesys.com/cloud/e0000000-0000-4000-8000-0000000000a0/outbound-calls',
    '--param=callOutcomeEvents=true',
    '--param=maxAttemptsPerNumber=3/24h',
  ]);
  template = packaged.template;
});
afterAll(() => packaged?.remove());

const OAUTH_CLIENT_SECRET = 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:genesys/oauth-client-??????';
const DEFAULT_BUS = 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default';
const logs = (logGroup: string) => [`logs:CreateLogStream on \${${logGroup}.Arn}`, `logs:PutLogEvents on \${${logGroup}.Arn}`];
const items = (table: string, actions: string[]) => actions.map((action) => `dynamodb:${action} on \${${table}.Arn}`);
const SCHEDULES = 'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${ScheduleGroup}/*';
/** Calls for later: one-time schedules in the stack's group, run as SchedulerRole, passed to Scheduler only. */
const CREATE_SCHEDULES = [`scheduler:CreateSchedule on ${SCHEDULES}`, 'iam:PassRole on ${SchedulerRole.Arn} when {"StringEquals":{"iam:PassedToService":"scheduler.amazonaws.com"}}'];

/** Every function's grants, as `<action> on <resource>`, with `(if <Condition>)` for a conditional one. */
const GRANTS: Readonly<Record<string, readonly string[]>> = {
  createCall: [
    ...logs('CreateCallLogGroup'),
    `secretsmanager:GetSecretValue on ${OAUTH_CLIENT_SECRET}`,
    'secretsmanager:GetSecretValue on ${HashKeySecret}',
    ...items('IdempotencyTable', ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']),
    ...items('CallsTable', ['PutItem']),
    ...CREATE_SCHEDULES,
    ...items('BatchesTable', ['PutItem', 'BatchWriteItem']),
    ...items('SuppressionsTable', ['GetItem']),
    'dynamodb:PutItem on ${SuppressionsTable.Arn} (if HasAttemptCaps)',
  ],
  getCall: [
    ...logs('GetCallLogGroup'),
    `secretsmanager:GetSecretValue on ${OAUTH_CLIENT_SECRET}`,
    ...items('CallsTable', ['GetItem', 'PutItem']),
    `events:PutEvents on ${DEFAULT_BUS} (if HasCallOutcomeEvents)`,
    ...items('BatchesTable', ['GetItem', 'Query']),
  ],
  cancelCall: [...logs('CancelCallLogGroup'), ...items('BatchesTable', ['GetItem', 'Query', 'UpdateItem']), `scheduler:DeleteSchedule on ${SCHEDULES}`],
  // Its list becomes a batch, accepted as createBatch accepts one; the dialer places the calls.
  scheduledCalls: [
    ...logs('ScheduledCallsLogGroup'),
    'secretsmanager:GetSecretValue on ${HashKeySecret}',
    ...items('BatchesTable', ['PutItem', 'BatchWriteItem', 'UpdateItem', 'GetItem', 'Query']),
    'sqs:SendMessage on ${DialQueue.Arn}',
    ...items('SuppressionsTable', ['BatchGetItem']),
    'sqs:SendMessage on ${ScheduledCallsFailureQueue.Arn}',
  ],
  callEvents: [
    ...logs('CallEventsLogGroup'),
    ...items('CallsTable', ['GetItem', 'PutItem']),
    `events:PutEvents on ${DEFAULT_BUS} (if HasCallOutcomeEvents)`,
    'sqs:SendMessage on ${CallEventsDeadLetterQueue.Arn}',
  ],
  createBatch: [
    ...logs('CreateBatchLogGroup'),
    `secretsmanager:GetSecretValue on ${OAUTH_CLIENT_SECRET}`,
    'secretsmanager:GetSecretValue on ${HashKeySecret}',
    ...items('IdempotencyTable', ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']),
    ...items('BatchesTable', ['PutItem', 'BatchWriteItem', 'UpdateItem', 'GetItem', 'Query']),
    'sqs:SendMessage on ${DialQueue.Arn}',
    ...CREATE_SCHEDULES,
    ...items('SuppressionsTable', ['BatchGetItem']),
  ],
  getBatch: [...logs('GetBatchLogGroup'), ...items('BatchesTable', ['GetItem', 'Query'])],
  listBatchCalls: [...logs('ListBatchCallsLogGroup'), ...items('BatchesTable', ['GetItem', 'Query'])],
  cancelBatch: [...logs('CancelBatchLogGroup'), ...items('BatchesTable', ['GetItem', 'Query', 'UpdateItem'])],
  dialer: [
    ...logs('DialerLogGroup'),
    `secretsmanager:GetSecretValue on ${OAUTH_CLIENT_SECRET}`,
    'secretsmanager:GetSecretValue on ${HashKeySecret}',
    ...items('IdempotencyTable', ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']),
    ...items('CallsTable', ['PutItem']),
    ...items('BatchesTable', ['GetItem', 'UpdateItem']),
    ...items('SuppressionsTable', ['GetItem']),
    'dynamodb:PutItem on ${SuppressionsTable.Arn} (if HasAttemptCaps)',
    ...['ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'ChangeMessageVisibility'].map((action) => `sqs:${action} on \${DialQueue.Arn}`),
    ...CREATE_SCHEDULES,
  ],
  doctor: [
    ...logs('DoctorLogGroup'),
    `secretsmanager:GetSecretValue on ${OAUTH_CLIENT_SECRET}`,
    'secretsmanager:GetSecretValue on ${HashKeySecret}',
    ...items('SuppressionsTable', ['GetItem']),
  ],
  addSuppressions: [...logs('AddSuppressionsLogGroup'), 'secretsmanager:GetSecretValue on ${HashKeySecret}', ...items('SuppressionsTable', ['PutItem'])],
  removeSuppressions: [...logs('RemoveSuppressionsLogGroup'), 'secretsmanager:GetSecretValue on ${HashKeySecret}', ...items('SuppressionsTable', ['DeleteItem'])],
  checkSuppression: [...logs('CheckSuppressionLogGroup'), 'secretsmanager:GetSecretValue on ${HashKeySecret}', ...items('SuppressionsTable', ['GetItem'])],
};

type Json = unknown;
type Resource = CloudFormationTemplate['Resources'][string] & { Condition?: string };

/** A CloudFormation value as text: `${Name}` for a Ref, `${Name.Attribute}` for a GetAtt, joins joined. */
function text(value: Json): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, Json>;
  if (typeof node.Ref === 'string') return `\${${node.Ref}}`;
  if (Array.isArray(node['Fn::GetAtt'])) return `\${${(node['Fn::GetAtt'] as string[]).join('.')}}`;
  if (Array.isArray(node['Fn::Join'])) {
    const [separator, parts] = node['Fn::Join'] as [string, Json[]];
    return parts.map(text).join(separator);
  }
  throw new Error(`value not understood: ${JSON.stringify(value)}`);
}

const list = (value: Json): Json[] => (Array.isArray(value) ? value : [value]);

interface Statement {
  Effect: string;
  Action: Json;
  Resource: Json;
  Condition?: Json;
}

/** A statement's grants; one under `Fn::If: [condition, statement, AWS::NoValue]` says its condition. */
function grantsOf(entry: Json): string[] {
  const conditional = (entry as { 'Fn::If'?: [string, Statement, Json] })['Fn::If'];
  const [statement, ifCondition] = conditional ? [conditional[1], ` (if ${conditional[0]})`] : [entry as Statement, ''];
  const suffix = `${ifCondition}${statement.Condition === undefined ? '' : ` when ${JSON.stringify(statement.Condition)}`}`;
  if (conditional) expect(conditional[2]).toEqual({ Ref: 'AWS::NoValue' });
  expect(statement.Effect).toBe('Allow');
  return list(statement.Action).flatMap((action) => list(statement.Resource).map((resource) => `${text(action)} on ${text(resource)}${suffix}`));
}

/** The template's functions, by the name serverless.yml gives them, with their role's logical id. */
function functions(): Array<{ name: string; role: string; condition?: string }> {
  return Object.entries(template.Resources as Record<string, Resource>)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([id, resource]) => {
      const role = (resource.Properties.Role as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0] ?? JSON.stringify(resource.Properties.Role);
      const name = id.replace(/LambdaFunction$/, '');
      return { name: name[0].toLowerCase() + name.slice(1), role, condition: resource.Condition };
    });
}

function grantsOfRole(roleId: string): string[] {
  const role = template.Resources[roleId] as Resource;
  const policies = (role.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Json[] } }>;
  return policies.flatMap((policy) => policy.PolicyDocument.Statement.flatMap(grantsOf)).sort();
}

describe('the packaged IAM roles', () => {
  it('name every function of the template, and only those', () => {
    // Act
    const names = functions().map((fn) => fn.name);

    // Assess
    expect(names.sort()).toEqual(Object.keys(GRANTS).sort());
  });

  it("give every function a role of its own, assumed by Lambda alone, and serverless's shared role to none", () => {
    // Act
    const roles = functions().map((fn) => fn.role);
    const trust = roles.map((role) => (template.Resources[role] as Resource | undefined)?.Properties.AssumeRolePolicyDocument);

    // Assess
    expect(new Set(roles).size).toBe(roles.length);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    expect(trust).toEqual(
      roles.map(() => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })),
    );
  });

  it.each(Object.keys(GRANTS))('grant %s exactly what its code uses, each on its own resource', (name) => {
    // Prepare
    const fn = functions().find((candidate) => candidate.name === name);

    // Act
    const grants = grantsOfRole(fn?.role ?? 'missing');

    // Assess
    expect(grants).toEqual([...GRANTS[name]].sort());
  });

  it('grant nothing beside the roles: no managed policy, no policy resource, no role of the same condition missing', () => {
    // Act
    const resources = Object.entries(template.Resources as Record<string, Resource>);
    const policies = resources.filter(([, resource]) => /^AWS::IAM::(Policy|ManagedPolicy|RolePolicy)$/.test(resource.Type)).map(([id]) => id);
    const managed = functions().filter((fn) => (template.Resources[fn.role] as Resource).Properties.ManagedPolicyArns !== undefined);
    const conditions = functions().map((fn) => [fn.name, fn.condition, (template.Resources[fn.role] as Resource).Condition]);

    // Assess
    expect({ policies, managed }).toEqual({ policies: [], managed: [] });
    expect(conditions.filter(([, function_, role]) => function_ !== role)).toEqual([]);
  });

  it('give EventBridge Scheduler its own role for calls for later: sqs:SendMessage on the dial queue and its dead-letter queue, nothing else', () => {
    // Act
    const role = template.Resources.SchedulerRole as Resource;
    const group = template.Resources.ScheduleGroup as Resource;

    // Assess
    expect(group).toMatchObject({ Type: 'AWS::Scheduler::ScheduleGroup', Properties: { Name: 'genesys-outbound-call-ci' } });
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
    });
    expect(grantsOfRole('SchedulerRole')).toEqual(['sqs:SendMessage on ${DialDeadLetterQueue.Arn}', 'sqs:SendMessage on ${DialQueue.Arn}']);
  });
});

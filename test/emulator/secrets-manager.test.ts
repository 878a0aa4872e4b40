import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { DEMO, start, type Emulator } from '../../emulator';
import { send, UUID } from './http';

const DUMMY = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const DEMO_SECRET_STRING = JSON.stringify({ clientId: DEMO.clientId, clientSecret: DEMO.clientSecret });

describe('emulator: Secrets Manager GetSecretValue', () => {
  let emulator: Emulator;
  let client: SecretsManagerClient;
  const sdk = (config: SecretsManagerClientConfig = {}) => new SecretsManagerClient({ ...DUMMY, endpoint: emulator.url, ...config });

  beforeAll(async () => {
    emulator = await start();
    client = sdk();
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });
  beforeEach(() => emulator.reset());

  describe('through the real AWS SDK client', () => {
    it('returns the demo secret by name', async () => {
      // Act
      const output = await client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

      // Assess
      expect({ ...output, $metadata: undefined }).toEqual({
        $metadata: undefined,
        ARN: expect.stringMatching(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:genesys\/oauth-client-[A-Za-z0-9]{6}$/),
        Name: DEMO.secretId,
        VersionId: expect.stringMatching(UUID),
        SecretString: DEMO_SECRET_STRING,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: expect.any(Date),
      });
      expect(output.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(UUID) });
    });

    it('returns the secret by full ARN and by ARN without the random suffix', async () => {
      // Prepare
      const { ARN } = await client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));
      const partialArn = ARN!.replace(/-[A-Za-z0-9]{6}$/, '');

      // Act
      const byArn = await client.send(new GetSecretValueCommand({ SecretId: ARN }));
      const byPartialArn = await client.send(new GetSecretValueCommand({ SecretId: partialArn }));

      // Assess
      expect([byArn.SecretString, byPartialArn.SecretString]).toEqual([DEMO_SECRET_STRING, DEMO_SECRET_STRING]);
    });

    it('works with the endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
      // Prepare
      const previous = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = emulator.url;
      const fromEnv = new SecretsManagerClient(DUMMY);

      try {
        // Act
        const output = await fromEnv.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

        // Assess
        expect(output.SecretString).toBe(DEMO_SECRET_STRING);
        expect(emulator.records.secretReads).toBe(1);
      } finally {
        fromEnv.destroy();
        if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
        else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = previous;
      }
    });

    it('surfaces an unknown secret as the SDK ResourceNotFoundException', async () => {
      // Act
      const outcome = client.send(new GetSecretValueCommand({ SecretId: 'no/such/secret' }));

      // Assess
      await expect(outcome).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(outcome).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('surfaces an injected ThrottlingException once the SDK has used up its attempts', async () => {
      // Prepare
      emulator.inject('getSecretValue', { kind: 'awsError', type: 'ThrottlingException' });
      const noRetries = sdk({ maxAttempts: 1 });

      try {
        // Act
        const outcome = noRetries.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

        // Assess
        await expect(outcome).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
      } finally {
        noRetries.destroy();
      }
    });

    it('lets the SDK retry past a single injected ThrottlingException', async () => {
      // Prepare
      emulator.inject('getSecretValue', { kind: 'awsError', type: 'ThrottlingException' });

      // Act
      const output = await client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

      // Assess
      expect(output.SecretString).toBe(DEMO_SECRET_STRING);
      expect(emulator.records.secretReads).toBe(2);
    });

    it('surfaces an injected InternalServiceError as a 500', async () => {
      // Prepare
      emulator.inject('getSecretValue', { kind: 'awsError', type: 'InternalServiceError' }, 3);

      // Act
      const outcome = client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

      // Assess
      await expect(outcome).rejects.toMatchObject({ name: 'InternalServiceError', $metadata: { httpStatusCode: 500 } });
    });

    it('returns the new value and a new VersionId after setSecret, and nothing after deleteSecret', async () => {
      // Prepare
      const before = await client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

      // Act
      emulator.setSecret(DEMO.secretId, '{"clientId":"x","clientSecret":"y"}');
      const after = await client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));
      emulator.deleteSecret(DEMO.secretId);
      const deleted = client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

      // Assess
      expect(after.SecretString).toBe('{"clientId":"x","clientSecret":"y"}');
      expect(after.VersionId).not.toBe(before.VersionId);
      await expect(deleted).rejects.toBeInstanceOf(ResourceNotFoundException);
    });

    it('returns the rotated client secret after rotateClientSecret', async () => {
      // Act
      const newSecret = emulator.rotateClientSecret();
      const output = await client.send(new GetSecretValueCommand({ SecretId: DEMO.secretId }));

      // Assess
      expect(JSON.parse(output.SecretString!)).toEqual({ clientId: DEMO.clientId, clientSecret: newSecret });
    });
  });

  describe('over raw HTTP', () => {
    const signed = { Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0' };
    const amzJson = { 'Content-Type': 'application/x-amz-json-1.1' };

    it('answers a not-found secret with the AWS JSON error, its header and content type', async () => {
      // Act
      const result = await send(emulator.url, '/', {
        headers: { ...signed, ...amzJson, 'X-Amz-Target': 'secretsmanager.GetSecretValue' },
        body: JSON.stringify({ SecretId: 'missing' }),
      });

      // Assess
      expect({
        status: result.status,
        type: result.headers.get('x-amzn-errortype'),
        contentType: result.headers.get('content-type'),
        body: result.body,
      }).toEqual({
        status: 400,
        type: 'ResourceNotFoundException',
        contentType: 'application/x-amz-json-1.1',
        body: { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." },
      });
      expect(result.headers.get('inin-correlation-id')).toMatch(UUID);
    });

    it('puts the signing region in the ARN', async () => {
      // Act
      const result = await send(emulator.url, '/', {
        headers: { ...signed, ...amzJson, 'X-Amz-Target': 'secretsmanager.GetSecretValue' },
        body: JSON.stringify({ SecretId: DEMO.secretId }),
      });

      // Assess
      expect(result.body).toMatchObject({ ARN: expect.stringMatching(/^arn:aws:secretsmanager:eu-west-1:/) });
    });

    it('answers 400 MissingAuthenticationTokenException to an unsigned request', async () => {
      // Act
      const result = await send(emulator.url, '/', {
        headers: { ...amzJson, 'X-Amz-Target': 'secretsmanager.GetSecretValue' },
        body: JSON.stringify({ SecretId: DEMO.secretId }),
      });

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({
        status: 400,
        body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
      });
    });

    it.each([
      ['a rateLimit fault as a 400 ThrottlingException with Retry-After', { kind: 'rateLimit', retryAfterSeconds: 2 }, 400, 'ThrottlingException', '2'],
      ['a 503 status fault as a 503 ServiceUnavailableException', { kind: 'status', status: 503 }, 503, 'ServiceUnavailableException', null],
      ['an AccessDeniedException fault as a 400', { kind: 'awsError', type: 'AccessDeniedException' }, 400, 'AccessDeniedException', null],
    ] as const)('answers %s', async (_case, fault, status, type, retryAfter) => {
      // Prepare
      emulator.inject('getSecretValue', fault);

      // Act
      const result = await send(emulator.url, '/', {
        headers: { ...signed, ...amzJson, 'X-Amz-Target': 'secretsmanager.GetSecretValue' },
        body: JSON.stringify({ SecretId: DEMO.secretId }),
      });

      // Assess
      expect({
        status: result.status,
        errorType: result.headers.get('x-amzn-errortype'),
        retryAfter: result.headers.get('retry-after'),
        body: result.body,
      }).toEqual({ status, errorType: type, retryAfter, body: { __type: type, message: expect.any(String) } });
    });

    it('answers 400 UnknownOperationException to another X-Amz-Target', async () => {
      // Act
      const result = await send(emulator.url, '/', {
        headers: { ...signed, ...amzJson, 'X-Amz-Target': 'secretsmanager.ListSecrets' },
        body: '{}',
      });

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({
        status: 400,
        body: { __type: 'UnknownOperationException', message: 'The emulator serves only secretsmanager.GetSecretValue and AWSEvents.PutEvents, not secretsmanager.ListSecrets.' },
      });
      expect(emulator.records.requests[0]).toMatchObject({ endpoint: 'unknown', status: 400 });
    });
  });
});

/**
 * IAM (SigV4) authorization for `serverless offline`, which cannot check AWS_IAM itself (it takes
 * an HTTP API IAM authorizer for a JWT one). Wired in serverless.yml as
 * `custom.offline.customAuthenticationProvider`, so the local stage refuses what API Gateway refuses:
 * an unsigned request, a signature that does not verify, a stale x-amz-date.
 *
 * Requests must be signed for service `execute-api` with the local key pair below, e.g.
 *   curl --aws-sigv4 "aws:amz:us-east-1:execute-api" --user local:local …
 * What it cannot do: IAM policies. Any request signed with the local key is allowed, whereas AWS
 * checks that the signing principal may execute-api:Invoke the route.
 */
const { createHash, createHmac, timingSafeEqual } = require('node:crypto');
const Boom = require('@hapi/boom');
const { SignatureV4 } = require('@smithy/signature-v4');

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
// API Gateway refuses signatures more than 15 minutes away from its clock.
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

// API Gateway's answers, so a client sees locally what it would see in AWS.
const forbidden = (message) => Boom.forbidden(message);

function readAuthorization(request) {
  const header = request.headers.authorization;
  if (!header) return { error: forbidden('Forbidden: the request is not signed (IAM authorization: sign it with SigV4)') };
  const match = AUTHORIZATION.exec(header);
  if (!match) return { error: forbidden('Forbidden: Authorization is not an AWS4-HMAC-SHA256 signature') };
  const [, accessKeyId, , region, service, signedHeaders, signature] = match;
  if (service !== 'execute-api') return { error: forbidden(`Forbidden: signed for service ${service}, not execute-api`) };
  if (accessKeyId !== LOCAL_CREDENTIALS.accessKeyId) {
    return { error: forbidden(`Forbidden: the local stage accepts only the local key pair (${LOCAL_CREDENTIALS.accessKeyId})`) };
  }
  const amzDate = request.headers['x-amz-date'];
  const signedAt = amzDate ? Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) : NaN;
  if (Number.isNaN(signedAt) || Math.abs(Date.now() - signedAt) > MAX_CLOCK_SKEW_MS) {
    return { error: forbidden('Forbidden: x-amz-date is missing or more than 15 minutes off') };
  }
  return { region, signedHeaders: signedHeaders.split(';'), signature, signedAt };
}

async function expectedSignature(request, claim) {
  const headers = {};
  for (const name of claim.signedHeaders) headers[name] = request.headers[name] ?? '';
  // applyChecksum off: execute-api does not sign an x-amz-content-sha256 header (only S3 does).
  const signer = new SignatureV4({ credentials: LOCAL_CREDENTIALS, region: claim.region, service: 'execute-api', sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: 'http:',
      hostname: request.info.host.split(':')[0],
      path: request.path,
      query: Object.fromEntries(request.url.searchParams),
      headers,
      body: request.payload ?? '',
    },
    { signingDate: new Date(claim.signedAt), signableHeaders: new Set(claim.signedHeaders) },
  );
  return /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1];
}

module.exports = function localIamAuthentication() {
  return {
    name: 'local-iam',
    scheme: 'local-iam',
    getAuthenticateFunction: () => ({
      // The signature covers the body: check it once hapi has read the payload.
      options: { payload: true },
      authenticate(request, h) {
        const claim = readAuthorization(request);
        if (claim.error) throw claim.error;
        request.plugins.localIam = claim;
        return h.authenticated({ credentials: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId } });
      },
      async payload(request, h) {
        const claim = request.plugins.localIam;
        const expected = Buffer.from(await expectedSignature(request, claim));
        const given = Buffer.from(claim.signature);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
          throw forbidden('Forbidden: the request signature we calculated does not match the signature you provided');
        }
        return h.continue;
      },
    }),
  };
};

/**
 * IAM (SigV4) authorization for `serverless offline`, which cannot check AWS_IAM itself (it takes
 * an HTTP API IAM authorizer for a JWT one). Wired in serverless.yml as
 * `custom.offline.customAuthenticationProvider`, so the local stage refuses what API Gateway refuses:
 * an unsigned request, a signature that does not verify, a stale x-amz-date, a signature scoped to
 * another region or service. As API Gateway does, it hashes the body itself: a signed
 * `x-amz-content-sha256` claim (UNSIGNED-PAYLOAD, another body's hash) never stands in for the body.
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
// serverless.yml: `provider.region: ${opt:region, 'us-east-1'}`. This file is loaded inside the
// `serverless offline` process, so the --region that process was given is the stage's region.
const DEFAULT_REGION = 'us-east-1';
const SERVICE = 'execute-api';
const CONTENT_SHA256 = 'x-amz-content-sha256';
const stageRegion = regionOption(process.argv);
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
  if (service !== SERVICE) return { error: forbidden(`Forbidden: signed for service ${service}, not ${SERVICE}`) };
  if (region !== stageRegion) {
    return { error: forbidden(`Forbidden: Credential should be scoped to a valid region: signed for ${region}, this API is in ${stageRegion}`) };
  }
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
  const body = request.payload ?? '';
  const headers = {};
  for (const name of claim.signedHeaders) headers[name] = request.headers[name] ?? '';
  // The signer takes a signed x-amz-content-sha256 as the payload's hash. API Gateway hashes the body
  // itself, so the claim is replaced by the body's real hash: a claim that is not it (UNSIGNED-PAYLOAD,
  // the hash of another body) then fails like any other changed signed header.
  if (Object.hasOwn(headers, CONTENT_SHA256)) headers[CONTENT_SHA256] = createHash('sha256').update(body).digest('hex');
  // applyChecksum off: execute-api does not add an x-amz-content-sha256 header (only S3 does).
  const signer = new SignatureV4({ credentials: LOCAL_CREDENTIALS, region: stageRegion, service: SERVICE, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: 'http:',
      hostname: request.info.host.split(':')[0],
      path: request.path,
      query: Object.fromEntries(request.url.searchParams),
      headers,
      body,
    },
    { signingDate: new Date(claim.signedAt), signableHeaders: new Set(claim.signedHeaders) },
  );
  return /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1];
}

/** The value of `--region`/`-r` (as `--region x` or `--region=x`) in a command line, else the default. */
function regionOption(argv) {
  for (const [index, arg] of argv.entries()) {
    const inline = /^--region=(.+)$/.exec(arg);
    if (inline) return inline[1];
    if ((arg === '--region' || arg === '-r') && argv[index + 1]) return argv[index + 1];
  }
  return DEFAULT_REGION;
}

async function checkSignature(request, claim) {
  const expected = Buffer.from(await expectedSignature(request, claim));
  const given = Buffer.from(claim.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw forbidden('Forbidden: the request signature we calculated does not match the signature you provided');
  }
}

/** serverless offline asks once per route; hapi wants one scheme name per route. */
module.exports = function localIamAuthentication(_endpoint, functionKey, method) {
  const name = `local-iam-${functionKey}-${String(method).toLowerCase()}`;
  // hapi reads no payload on GET: its (empty) body is checked with the headers.
  const hasBody = !['GET', 'HEAD'].includes(String(method).toUpperCase());
  return {
    name,
    scheme: name,
    getAuthenticateFunction: () => ({
      // The signature covers the body: check it once hapi has read the payload.
      ...(hasBody ? { options: { payload: true } } : {}),
      async authenticate(request, h) {
        const claim = readAuthorization(request);
        if (claim.error) throw claim.error;
        request.plugins.localIam = claim;
        if (!hasBody) await checkSignature(request, claim);
        return h.authenticated({ credentials: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId } });
      },
      ...(hasBody
        ? {
            async payload(request, h) {
              await checkSignature(request, request.plugins.localIam);
              return h.continue;
            },
          }
        : {}),
    }),
  };
};

module.exports.regionOption = regionOption;
module.exports.DEFAULT_REGION = DEFAULT_REGION;

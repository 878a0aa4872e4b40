import { header, mediaType, type Exchange, type Reply } from './exchange';

/** The AWS JSON 1.1 protocol's content type, for answers and errors alike. */
export const AWS_JSON_1_1 = 'application/x-amz-json-1.1';

/**
 * An error in the AWS JSON 1.1 protocol: the type in the `x-amzn-ErrorType` header and in
 * `__type`, which is what the AWS SDK reads to pick its error class (`ResourceNotFoundException`, …).
 */
export function awsError(type: string, message: string, status = 400): Reply {
  return {
    status,
    contentType: AWS_JSON_1_1,
    headers: { 'x-amzn-ErrorType': type },
    body: { __type: type, message },
  };
}

const DEFAULT_REGION = 'us-east-1';

/** Signatures are not verified (the credentials are dummies), but an unsigned request is refused as AWS refuses it. */
export function refuseUnsigned(exchange: Exchange): Reply | undefined {
  if ((header(exchange, 'authorization') ?? '').startsWith('AWS4-HMAC-SHA256')) return undefined;
  return awsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
}

// Emulator choice (unverified): AWS's answer to a body that is not application/x-amz-json-1.1.
export function refuseNonJson(exchange: Exchange): Reply | undefined {
  if (mediaType(exchange) === AWS_JSON_1_1) return undefined;
  return awsError('SerializationException', `Expected Content-Type ${AWS_JSON_1_1}.`);
}

/** The region of the SigV4 credential scope (`Credential=AKID/20260101/eu-west-1/secretsmanager/aws4_request`), for ARNs and events. */
export function signingRegion(exchange: Exchange): string {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(header(exchange, 'authorization') ?? '')?.[1] ?? DEFAULT_REGION;
}

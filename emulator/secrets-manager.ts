import { AWS_JSON_1_1, awsError } from './aws-error';
import { header, isPlainObject, mediaType, parseJson, type Exchange, type Reply } from './exchange';
import type { EmulatorState } from './state';

/** The X-Amz-Target of the one Secrets Manager operation the emulator serves. */
export const GET_SECRET_VALUE_TARGET = 'secretsmanager.GetSecretValue';
const DEFAULT_REGION = 'us-east-1';
const CURRENT_STAGE = 'AWSCURRENT';
const NOT_FOUND = "Secrets Manager can't find the specified secret.";

/**
 * POST / with X-Amz-Target secretsmanager.GetSecretValue, in the AWS JSON 1.1 protocol, so that
 * the real AWS SDK client works against it with only the endpoint changed.
 */
export function getSecretValue(exchange: Exchange, state: EmulatorState): Reply {
  const refused = refuseUnsigned(exchange) ?? refuseNonJson(exchange);
  if (refused !== undefined) return refused;
  const parsed = parseJson(exchange.rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) return awsError('SerializationException', 'The request body is not a JSON object.');
  const input = parsed.value;
  // Emulator choice (unverified): the wording of AWS's validation error.
  if (typeof input.SecretId !== 'string' || input.SecretId === '') {
    return awsError('ValidationException', "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
  }

  const secret = state.secrets.find(input.SecretId);
  if (secret === undefined) return awsError('ResourceNotFoundException', NOT_FOUND);
  // The store keeps only the current version: any other version or stage is not found, as in AWS.
  if (input.VersionId !== undefined && input.VersionId !== secret.versionId) {
    return awsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${String(input.VersionId)}`);
  }
  if (input.VersionStage !== undefined && input.VersionStage !== CURRENT_STAGE) {
    return awsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${String(input.VersionStage)}`);
  }

  return {
    status: 200,
    contentType: AWS_JSON_1_1,
    body: {
      ARN: state.secrets.arnOf(secret, signingRegion(exchange)),
      Name: secret.name,
      VersionId: secret.versionId,
      SecretString: secret.secretString,
      VersionStages: [CURRENT_STAGE],
      CreatedDate: secret.createdDate,
    },
  };
}

/** POST / with any other X-Amz-Target (or none). */
export function unknownOperation(exchange: Exchange): Reply {
  const target = header(exchange, 'x-amz-target');
  return (
    refuseUnsigned(exchange) ??
    awsError('UnknownOperationException', `The emulator serves only ${GET_SECRET_VALUE_TARGET}, not ${target ?? '(no X-Amz-Target)'}.`)
  );
}

/** Signatures are not verified (the credentials are dummies), but an unsigned request is refused as AWS refuses it. */
function refuseUnsigned(exchange: Exchange): Reply | undefined {
  if ((header(exchange, 'authorization') ?? '').startsWith('AWS4-HMAC-SHA256')) return undefined;
  return awsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
}

// Emulator choice (unverified): AWS's answer to a body that is not application/x-amz-json-1.1.
function refuseNonJson(exchange: Exchange): Reply | undefined {
  if (mediaType(exchange) === AWS_JSON_1_1) return undefined;
  return awsError('SerializationException', `Expected Content-Type ${AWS_JSON_1_1}.`);
}

/** The region of the SigV4 credential scope (`Credential=AKID/20260101/eu-west-1/secretsmanager/aws4_request`), for the ARN. */
function signingRegion(exchange: Exchange): string {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(header(exchange, 'authorization') ?? '')?.[1] ?? DEFAULT_REGION;
}

import { AWS_JSON_1_1, awsError, refuseNonJson, refuseUnsigned, signingRegion } from './aws-error';
import { header, isPlainObject, parseJson, type Exchange, type Reply } from './exchange';
import { PUT_EVENTS_TARGET } from './event-bus';
import type { EmulatorState } from './state';

/** The X-Amz-Target of the one Secrets Manager operation the emulator serves. */
export const GET_SECRET_VALUE_TARGET = 'secretsmanager.GetSecretValue';
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
    awsError('UnknownOperationException', `The emulator serves only ${GET_SECRET_VALUE_TARGET} and ${PUT_EVENTS_TARGET}, not ${target ?? '(no X-Amz-Target)'}.`)
  );
}


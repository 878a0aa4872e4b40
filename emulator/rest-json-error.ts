import type { Reply } from './exchange';

/**
 * An error in the restJson1 protocol (EventBridge Scheduler): the status the Smithy model gives the
 * error (`httpError`), the error's name in the `x-amzn-ErrorType` header, which restJson1 clients
 * read first, and the model's one member, `Message` with a capital M (scale-facts §3).
 */
export function restJsonError(type: RestJsonErrorType, message: string): Reply {
  return {
    status: REST_JSON_ERRORS[type],
    contentType: 'application/json',
    headers: { 'x-amzn-ErrorType': type },
    body: { Message: message },
  };
}

/** EventBridge Scheduler's errors and their `httpError` statuses (the Smithy model, scale-facts §3). */
export const REST_JSON_ERRORS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
} as const;

export type RestJsonErrorType = keyof typeof REST_JSON_ERRORS;

export function isRestJsonErrorType(type: string): type is RestJsonErrorType {
  return Object.hasOwn(REST_JSON_ERRORS, type);
}

import type { Reply } from './exchange';

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

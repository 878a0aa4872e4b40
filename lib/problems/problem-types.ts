/**
 * Every problem `code` the service answers with, its usual HTTP status and its title. docs/api.md's
 * table of problems is this table with the cause and fix of each. Rule: the caller's fault is a 4xx, the
 * deployment's or Genesys's a 5xx.
 */
export const PROBLEM_TYPES = {
  invalid_json: { status: 400, title: 'The request body is not a JSON object' },
  invalid_request: { status: 400, title: 'The request does not match the API' },
  request_too_large: { status: 413, title: 'The request body is too large' },
  request_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used for another request' },
  call_not_found: { status: 404, title: 'This service placed no call with this conversation id' },
  call_already_placed: { status: 409, title: 'The call for later was already dialled' },
  invalid_phone_number: { status: 422, title: 'Not a valid phone number' },
  destination_not_allowed: { status: 422, title: 'This number may not be called' },
  outside_calling_hours: { status: 422, title: 'The callee’s calling hours do not allow a call now' },
  time_zone_required: { status: 422, title: 'The callee’s time zone is needed' },
  destination_suppressed: { status: 422, title: 'This number is on the suppression list' },
  attempt_limit_reached: { status: 422, title: 'This number has had its attempts for now' },
  genesys_rejected_request: { status: 422, title: 'Genesys Cloud rejected the request' },
  genesys_not_found: { status: 502, title: 'Genesys Cloud does not know the user or queue' },
  genesys_user_has_no_station: { status: 502, title: 'The Genesys Cloud user has no station to call from' },
  genesys_user_context_required: { status: 500, title: 'Genesys Cloud needs a user to place the call' },
  genesys_auth_failed: { status: 502, title: 'Genesys Cloud refused the OAuth client' },
  genesys_forbidden: { status: 502, title: 'The OAuth client lacks a Genesys Cloud permission' },
  genesys_rate_limited: { status: 429, title: 'Genesys Cloud rate limit reached' },
  genesys_unavailable: { status: 502, title: 'Genesys Cloud is unavailable' },
  genesys_unexpected_response: { status: 502, title: 'Genesys Cloud answered unexpectedly' },
  genesys_timeout: { status: 504, title: 'Genesys Cloud did not answer in time' },
  credentials_unavailable: { status: 500, title: 'The Genesys OAuth client could not be read' },
  credentials_invalid: { status: 500, title: 'The Genesys OAuth client secret is malformed' },
  hash_key_unavailable: { status: 500, title: "The stack's hash key could not be read" },
  configuration_error: { status: 500, title: 'The service is misconfigured' },
  idempotency_store_unavailable: { status: 503, title: 'The idempotency store is unavailable' },
  batch_not_found: { status: 404, title: 'You created no batch with this id' },
  batches_unavailable: { status: 503, title: 'The batches table is unavailable' },
  queue_unavailable: { status: 503, title: 'The dial queue is unavailable' },
  call_records_unavailable: { status: 503, title: 'The call records store is unavailable' },
  schedules_unavailable: { status: 503, title: 'Calls for later cannot be scheduled' },
  suppression_list_unavailable: { status: 503, title: 'The suppression list is unavailable' },
  internal_error: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

/** RFC 9457 `type`: a stable URN per code (not meant to be dereferenced; docs/api.md documents each). */
export const problemTypeUri = (code: ProblemCode): string => `urn:genesys-outbound-call:problem:${code}`;

import type { CallInput } from './call-input';
import type { GenesysCallRequest, NormalizedNumbers } from './call-request';
import { buildCallRequest } from './call-request';
import type { Config } from '../config';
import type { CallPlaced } from '../genesys/create-call';
import type { GenesysClient } from '../genesys/client';
import { normalizePhoneNumber } from './phone';
import { maskPhoneNumber } from '../telemetry/masking';
import type { CallContext } from '../problems/problem';
import { toProblem } from '../problems/problem';

/** A call that passed every check: exactly what will be sent, and who chose its parts. */
export interface PreparedCall {
  readonly input: CallInput;
  readonly numbers: NormalizedNumbers;
  readonly request: GenesysCallRequest;
  readonly context: CallContext;
}

/**
 * Validates and normalizes a call without any I/O; throws the caller's problem (`invalid_phone_number`,
 * `destination_not_allowed`) before anything is sent.
 */
export function prepareCall(input: CallInput, config: Config): PreparedCall {
  const reading = { country: input.country ?? config.phone.defaultCountry, countryGiven: input.country !== undefined };
  const to = normalizePhoneNumber('to', input.to, reading, config.phone);
  const callerId = input.callerId ? normalizePhoneNumber('callerId', input.callerId, reading, config.phone) : undefined;
  const numbers: NormalizedNumbers = callerId ? { to, callerId } : { to };
  const request = buildCallRequest(input, numbers, config.genesys.callUserId);
  return {
    input,
    numbers,
    request,
    context: { userChosenBy: request.user?.chosenBy, queueFromRequest: input.queueId !== undefined },
  };
}

/** Places a prepared call; any failure is thrown as the problem the caller gets. */
export async function placeCall(genesys: GenesysClient, call: PreparedCall, deadline: number): Promise<CallPlaced> {
  try {
    return await genesys.createCall({ userId: call.request.user?.id, body: call.request.body }, deadline);
  } catch (error) {
    throw toProblem(error, call.context);
  }
}

/**
 * How a number appears in what the service writes. Masked everywhere (logs, `201` answers, stored
 * records, schedule results), except in a dry run's answer: that is the caller's own input sent back
 * to the authenticated caller who asked, and the normalization is what a dry run exists to show.
 */
export const NUMBER_FORMS = {
  masked: maskPhoneNumber,
  full: (e164: string) => e164,
} as const;
export type NumberForm = keyof typeof NUMBER_FORMS;

/** What a dry run answers: the exact request that would be sent. */
export function describeRequest(call: PreparedCall, apiUrl: string, form: NumberForm = 'masked'): Record<string, unknown> {
  const { body } = call.request;
  const show = NUMBER_FORMS[form];
  return {
    method: call.request.method,
    url: `${apiUrl}${call.request.path}`,
    path: call.request.path,
    body: {
      ...body,
      phoneNumber: show(body.phoneNumber),
      ...(body.callerId ? { callerId: show(body.callerId) } : {}),
    },
  };
}

/** The fields of a log line or answer that describe a call, numbers masked unless `form` says otherwise. */
export function callSummary(call: PreparedCall, form: NumberForm = 'masked'): Record<string, string> {
  const show = NUMBER_FORMS[form];
  return {
    to: show(call.numbers.to.e164),
    ...(call.numbers.to.country ? { toCountry: call.numbers.to.country } : {}),
    ...(call.numbers.callerId ? { callerId: show(call.numbers.callerId.e164) } : {}),
    ...(call.request.user ? { userId: call.request.user.id } : {}),
  };
}

import type { CallInput } from './call-input';
import type { CreateCallRequest } from '../genesys/create-call';
import { createCallPath } from '../genesys/create-call';
import type { PhoneNumber } from './phone';

/** Exactly what will be sent to Genesys: what a dry run shows and what `createCall` posts. */
export interface GenesysCallRequest {
  readonly method: 'POST';
  readonly path: string;
  /** Whose station places the call, and who chose it; undefined means the token's own user. */
  readonly user?: { readonly id: string; readonly chosenBy: 'request' | 'configuration' };
  readonly body: CreateCallRequest;
}

export interface NormalizedNumbers {
  readonly to: PhoneNumber;
  readonly callerId?: PhoneNumber;
}

/**
 * Our request → the Genesys request. Exactly one destination (`phoneNumber`) is ever set, so Genesys's
 * `too.many.create.conversation.parameters` cannot happen; nothing empty or undefined is sent.
 * The user is the request's `userId`, else `GENESYS_CALL_USER_ID`; with neither the call goes to
 * `/calls`, which only works with a user's token (a client-credentials token gets `400 not.a.user`).
 */
export function buildCallRequest(input: CallInput, numbers: NormalizedNumbers, configuredUserId?: string): GenesysCallRequest {
  const body: CreateCallRequest = { phoneNumber: numbers.to.e164 };
  if (numbers.callerId) body.callerId = numbers.callerId.e164;
  if (input.callerIdName) body.callerIdName = input.callerIdName;
  if (input.queueId) body.callFromQueueId = input.queueId;
  if (input.label) body.label = input.label;
  if (input.attributes && Object.keys(input.attributes).length > 0) body.attributes = { ...input.attributes };
  if (input.uuiData) body.uuiData = input.uuiData;
  if (input.externalContactId) body.externalContactId = input.externalContactId;

  const user = input.userId
    ? ({ id: input.userId, chosenBy: 'request' } as const)
    : configuredUserId
      ? ({ id: configuredUserId, chosenBy: 'configuration' } as const)
      : undefined;
  const path = createCallPath(user?.id);
  return user ? { method: 'POST', path, user, body } : { method: 'POST', path, body };
}

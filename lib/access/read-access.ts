import type { ReadAccess } from '../config';

/**
 * Whether `principal` may read something this service keeps for the principal that asked for it (a
 * call's record; next, a batch, a scheduled call, a suppression entry): only its owner may, unless
 * the deployment opens reads to the whole account (`CALL_READ_ACCESS=account`). The owner and the
 * principal are the same kind of name: the caller identity that scopes idempotency keys
 * (lib/http/api-gateway.ts `callerIdentity`; `schedule` for what a schedule placed). Something kept
 * before owners were (`owner` undefined) belongs to nobody: it is read only when the account may.
 *
 * The one place this is decided: every room that answers a caller about what it keeps asks here,
 * and answers "not found" (never "forbidden", which would tell that it exists) when this says no.
 */
export function mayRead(owner: string | undefined, principal: string, access: ReadAccess): boolean {
  return access === 'account' || (owner !== undefined && owner === principal);
}

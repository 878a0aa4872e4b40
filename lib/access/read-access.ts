import type { ReadAccess } from '../config';

/**
 * The owner of what a schedule asks for (its batch, and the calls the dialer places for it): no IAM
 * caller asked, so it belongs to the stack. No caller identity can be this name (they are ARNs,
 * role or user ids, or `anonymous`: lib/http/api-gateway.ts `callerIdentity`), so by `mayRead` it is
 * shown only when the deployment opens reads to the account (docs/scheduled-calls.md, "Ownership").
 */
export const SCHEDULE_PRINCIPAL = 'schedule';

/**
 * Whether `principal` may read something this service keeps for the principal that asked for it (a
 * call's record, a batch and its items; next, a scheduled call, a suppression entry): only its owner
 * may, unless the deployment opens reads to the whole account (`CALL_READ_ACCESS=account`). The owner
 * and the principal are the same kind of name: the caller identity that scopes idempotency keys
 * (lib/http/api-gateway.ts `callerIdentity`; `SCHEDULE_PRINCIPAL` for what a schedule asked for).
 * Something kept before owners were (`owner` undefined) belongs to nobody: it is read only when the
 * account may.
 *
 * The one place this is decided: every room that answers a caller about what it keeps asks here,
 * and answers "not found" (never "forbidden", which would tell that it exists) when this says no.
 * Cancelling a batch asks here too: whoever may see a batch may cancel it.
 */
export function mayRead(owner: string | undefined, principal: string, access: ReadAccess): boolean {
  return access === 'account' || (owner !== undefined && owner === principal);
}

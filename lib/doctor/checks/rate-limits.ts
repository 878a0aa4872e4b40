import type { Check } from '../check';
import { pass, unknown } from '../check';
import { read, RETRY_FIX } from '../read';

// The per-token keys of the platform.api namespace (doctor-outcomes.md §C, INFERRED from [LIMQ]):
// the client-credentials one where the org has it, the general one otherwise.
const PER_TOKEN_KEYS = ['client.credentials.token.rate.per.minute', 'token.rate.per.minute'] as const;

/**
 * 8. The org's platform API limits, for information; a warning when what one dialer sends (its share
 * of the stack's budget, DIAL_REQUESTS_PER_MINUTE ÷ DIAL_CONCURRENCY, lib/queue/pace.ts) is above
 * what one token may send: each dialer container has a token of its own, and would meet 429s.
 */
export const rateLimitsCheck: Check = {
  id: 'rateLimits',
  title: 'Rate limits',
  needs: ['login'],
  async run(input, state) {
    const limits = await read(input, state, '/api/v2/organizations/limits/namespaces/platform.api');
    if (!limits.ok) return unknown(limits.reason, RETRY_FIX);
    const values = new Map<string, number>();
    for (const entity of Array.isArray(limits.body.entities) ? (limits.body.entities as Array<Record<string, unknown>>) : []) {
      if (typeof entity.key === 'string' && typeof entity.value === 'number') values.set(entity.key, entity.value);
    }
    const key = PER_TOKEN_KEYS.find((candidate) => values.has(candidate));
    const details = Object.fromEntries(values);
    if (key === undefined) return unknown('the org lists no per-token rate limit in platform.api', 'Look the limit up in Admin > Organization > Limits; Genesys documents 300 a minute per token.', { details });
    const perToken = values.get(key)!;
    const { requestsPerMinute, concurrency } = state.config!.dial;
    const share = requestsPerMinute / concurrency;
    const shown = Number.isInteger(share) ? String(share) : share.toFixed(1);
    const summary = `${perToken} requests a minute per token; each dialer uses up to ${shown} (DIAL_REQUESTS_PER_MINUTE ${requestsPerMinute} ÷ DIAL_CONCURRENCY ${concurrency})`;
    if (share > perToken) {
      return pass(summary, {
        details,
        warning: `Each dialer's share of DIAL_REQUESTS_PER_MINUTE (${shown}) is above the per-token limit ${perToken}: the dialers will meet 429s; set dialRequestsPerMinute to at most ${perToken * concurrency} (dialConcurrency × ${perToken})`,
      });
    }
    return pass(summary, { details });
  },
};

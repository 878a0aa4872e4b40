import type { Check } from '../check';
import { pass, unknown } from '../check';
import { read, RETRY_FIX } from '../read';

// The per-token keys of the platform.api namespace (doctor-outcomes.md §C, INFERRED from [LIMQ]):
// the client-credentials one where the org has it, the general one otherwise.
const PER_TOKEN_KEYS = ['client.credentials.token.rate.per.minute', 'token.rate.per.minute'] as const;

/**
 * 8. The org's platform API limits, for information; a warning when the scheduled calls' budget
 * (SCHEDULED_REQUESTS_PER_MINUTE) is above what one token may send, because every schedule run
 * would then meet 429s.
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
    const budget = state.config!.scheduled.requestsPerMinute;
    const summary = `${perToken} requests a minute per token; scheduled calls use up to ${budget}`;
    if (budget > perToken) {
      return pass(summary, {
        details,
        warning: `SCHEDULED_REQUESTS_PER_MINUTE ${budget} is above the per-token limit ${perToken}: schedules will meet 429s; set scheduledRequestsPerMinute to at most ${perToken}`,
      });
    }
    return pass(summary, { details });
  },
};

import type { Check, DoctorInput, DoctorState, Outcome } from '../check';
import { fail, pass, unknown } from '../check';
import { worst } from '../outcomes';
import { read, RETRY_FIX, text } from '../read';

// A user is in a handful of queues; 10 pages of 100 bound the walk however many there are.
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

/**
 * 6. The queue a call is placed on behalf of (`callFromQueueId`, doctor-outcomes.md §A3): it exists,
 * and the call user is a member (INFERRED as required: the Resource Center says so for messages).
 */
export const queueCheck: Check = {
  id: 'queue',
  title: 'Queue',
  needs: ['login'],
  applies: (input) => input.queue !== undefined,
  async run(input, state) {
    const queueId = input.queue!;
    const queue = await read(input, state, `/api/v2/routing/queues/${encodeURIComponent(queueId)}`);
    if (!queue.ok && queue.status === 404) return fail(`no queue ${queueId} in org "${state.organization ?? '?'}"`, "Use the id of an existing queue (Admin > Queues: the id is in the queue's URL).");
    if (!queue.ok && queue.status === 403) return unknown(`cannot read queue ${queueId} (403)`, "Give the client's role routing:queue:view so the doctor can check.");
    if (!queue.ok) return unknown(queue.reason, RETRY_FIX);
    const name = text(queue.body, 'name') ?? queueId;
    if (state.users.length === 0) return pass(`queue "${name}" exists (no call user to check membership of)`, { details: { queue: name } });
    const outcomes: Outcome[] = [];
    for (const userId of state.users) outcomes.push(await membership(input, state, userId, queueId, name));
    return worst(outcomes);
  },
};

async function membership(input: DoctorInput, state: DoctorState, userId: string, queueId: string, queueName: string): Promise<Outcome> {
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const queues = await read(input, state, `/api/v2/users/${encodeURIComponent(userId)}/queues?pageSize=${PAGE_SIZE}&pageNumber=${page}`);
    if (!queues.ok && queues.status === 403) return unknown(`cannot list the queues of user ${userId} (403)`, "Give the client's role routing:queue:view so the doctor can check.");
    if (!queues.ok) return unknown(queues.reason, RETRY_FIX);
    const entities = Array.isArray(queues.body.entities) ? (queues.body.entities as Array<Record<string, unknown>>) : [];
    const entry = entities.find((entity) => entity.id === queueId);
    if (entry) {
      const details = { queue: queueName };
      return entry.joined === false
        ? pass(`user ${userId} is a member of "${queueName}"`, { details, warning: `user ${userId} has not joined "${queueName}"` })
        : pass(`user ${userId} is a member of "${queueName}"`, { details });
    }
    const pageCount = typeof queues.body.pageCount === 'number' ? queues.body.pageCount : 1;
    if (page >= pageCount) break;
  }
  return fail(`user ${userId} is not a member of queue "${queueName}"`, `Add the user to "${queueName}" (Admin > Queues > Members), or call without that queue.`);
}

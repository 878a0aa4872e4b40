import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import { authorize } from './permissions';
import type { EmulatorState } from './state';

/** The organization's home division; emulator choice (unverified): every seeded object is in it. */
export const HOME_DIVISION = { id: 'e0000000-0000-4000-8000-000000000999', name: 'Home' } as const;

/**
 * GET /api/v2/routing/queues/{queueId} → Queue (doctor-outcomes.md §A3: needs routing:queue:view,
 * 404 `resource.not.found`). Emulator choice: only id, name, division, member counts, selfUri.
 */
export function getQueue(exchange: Exchange, state: EmulatorState, queueId: string): Reply {
  const auth = authorize(exchange, state, 'routing:queue:view');
  if (!auth.ok) return auth.reply;
  const queue = state.queues.get(queueId);
  if (queue === undefined) return genesysError(exchange, 'resource.not.found');
  const members = queue.memberIds?.length ?? 0;
  return {
    status: 200,
    body: { id: queue.id, name: queue.name, division: HOME_DIVISION, memberCount: members, joinedMemberCount: members, selfUri: `/api/v2/routing/queues/${queue.id}` },
  };
}

import type { Exchange, Reply } from './exchange';
import { authorize } from './permissions';
import type { EmulatorState } from './state';

/**
 * GET /api/v2/integrations → a page of `Integration{id, name, integrationType{id}, intendedState,
 * reportedState{code}}` (doctor-outcomes §B2 [PY]); needs `integrations:integration:view` (§A4).
 * Emulator choices (unverified): the paging fields, one page whatever `pageSize` asks, and the
 * fields left out (config, attributes, notes).
 */
export function getIntegrations(exchange: Exchange, state: EmulatorState): Reply {
  const auth = authorize(exchange, state, 'integrations:integration:view');
  if (!auth.ok) return auth.reply;
  const entities = state.integrations.map((integration) => ({
    id: integration.id,
    name: integration.name,
    integrationType: { id: integration.type },
    intendedState: integration.intendedState,
    reportedState: { code: integration.reportedState },
    selfUri: `/api/v2/integrations/${integration.id}`,
  }));
  return { status: 200, body: { entities, pageSize: 25, pageNumber: 1, total: entities.length, pageCount: 1 } };
}

import { genesysError } from './error-body';
import type { Exchange, Reply } from './exchange';
import { authorize } from './permissions';
import type { EmulatorState } from './state';

/**
 * GET /api/v2/organizations/limits/namespaces/{namespace} → `{entities: [{key, namespace, value}]}`
 * (doctor-outcomes.md §C [PY], no permission listed). Emulator choice (unverified): an unknown
 * namespace answers 404 `not.found`.
 */
export function getLimits(exchange: Exchange, state: EmulatorState, namespace: string): Reply {
  const auth = authorize(exchange, state);
  if (!auth.ok) return auth.reply;
  const limits = state.limits[namespace];
  if (limits === undefined) return genesysError(exchange, 'not.found');
  return { status: 200, body: { entities: Object.entries(limits).map(([key, value]) => ({ key, namespace, value })) } };
}

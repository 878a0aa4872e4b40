import type { Check, Outcome } from '../check';
import { fail, pass, unknown } from '../check';
import { read, RETRY_FIX, text } from '../read';

/** The integration type Genesys's Amazon EventBridge source has (doctor-outcomes §B2 [EBMOD]). */
const EVENTBRIDGE_TYPE = 'amazon-eventbridge-source';
// An org has tens of integrations at most; 10 pages of 100 bound the walk.
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

/**
 * The Amazon EventBridge integration that carries call outcome events (docs/outcomes.md):
 * enabled (`intendedState` ENABLED) and running (`reportedState.code` ACTIVE). Without one, outcomes
 * still come from lookups, so none is a pass with a warning, not a failure; one that exists but is
 * not running fails.
 */
export const eventBridgeCheck: Check = {
  id: 'eventBridge',
  title: 'EventBridge',
  needs: ['login'],
  async run(input, state) {
    const found: Array<Record<string, unknown>> = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const integrations = await read(input, state, `/api/v2/integrations?pageSize=${PAGE_SIZE}&pageNumber=${page}`);
      if (!integrations.ok && integrations.status === 403) {
        return unknown('cannot list the integrations (403)', "Give the client's role integrations:integration:view so the doctor can check.");
      }
      if (!integrations.ok) return unknown(integrations.reason, RETRY_FIX);
      const entities = Array.isArray(integrations.body.entities) ? (integrations.body.entities as Array<Record<string, unknown>>) : [];
      found.push(...entities.filter((entity) => text(entity, 'integrationType', 'id') === EVENTBRIDGE_TYPE));
      const pageCount = typeof integrations.body.pageCount === 'number' ? integrations.body.pageCount : 1;
      if (page >= pageCount) break;
    }
    return verdict(found);
  },
};

function verdict(found: ReadonlyArray<Record<string, unknown>>): Outcome {
  if (found.length === 0) {
    return pass('no Amazon EventBridge integration: call outcomes come from Genesys lookups only', {
      warning: 'GET /calls/{id} learns outcomes by asking Genesys; for events as they happen, add the integration (docs/outcomes.md)',
    });
  }
  const describe = (entity: Record<string, unknown>) =>
    `"${text(entity, 'name') ?? text(entity, 'id') ?? '?'}" is ${text(entity, 'intendedState') ?? '?'} and ${text(entity, 'reportedState', 'code') ?? '?'}`;
  const running = found.find((entity) => text(entity, 'intendedState') === 'ENABLED' && text(entity, 'reportedState', 'code') === 'ACTIVE');
  if (running) return pass(`integration ${describe(running)}`, { details: { integration: text(running, 'name') ?? '?' } });
  return fail(
    `integration ${describe(found[0])}`,
    'Enable it in Admin > Integrations > Amazon EventBridge Source and check its AWS account id and region are the stack\'s; an ERROR state names the cause there.',
  );
}

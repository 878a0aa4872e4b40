import { logger } from '../telemetry/logger';
import type { CallEventResult } from './call-events';
import { DROP_REASONS } from './detail-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Only a topic template of this shape is repeated in a log line: anything else may be any text.
const TOPIC_TEMPLATE = /^v2\.detail\.events\.conversation\.\{id\}\.[a-z]+(\.[a-z]+)?$/;

/**
 * One line per event, naming it by what cannot hold a number: the EventBridge event id and the topic
 * template (`detail-type`), each only when it has its expected shape. Events of other conversations
 * are most of an org's traffic: they and duplicates log at debug level.
 */
export function logCallEvent(envelope: unknown, result: CallEventResult | { result: 'failed'; cause: string }, durationMs: number): void {
  const { id, 'detail-type': detailType } = (typeof envelope === 'object' && envelope !== null ? envelope : {}) as Record<string, unknown>;
  const fields = {
    ...result,
    ...(typeof id === 'string' && UUID.test(id) ? { eventId: id } : {}),
    ...(typeof detailType === 'string' && TOPIC_TEMPLATE.test(detailType) ? { detailType } : {}),
    durationMs,
  };
  switch (result.result) {
    case 'applied':
      return logger.info('genesys event applied', fields);
    case 'unchanged':
    case 'foreign':
      return logger.debug(`genesys event ${result.result === 'foreign' ? 'of a call this service did not place' : 'already known'}`, fields);
    case 'dropped':
      return logger.warn(`genesys event dropped: ${DROP_REASONS[result.reason]}`, fields);
    case 'failed':
      return logger.error('genesys event not applied: the call records could not be read or written, or its Call outcome event not put; Lambda retries it', fields);
  }
}

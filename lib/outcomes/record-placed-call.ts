import type { CallRecordSettings } from '../config';
import { logger } from '../telemetry/logger';
import { maskNumbersIn } from '../telemetry/masking';
import type { PreparedCall } from '../calls/place-call';
import { callSummary } from '../calls/place-call';
import type { CallRecord } from './call-record';
import type { CallStore } from './call-store';

/** The record of a call Genesys just accepted: status `placed`, masked number, its placer, kept `recordDays`. */
export function placedCallRecord(conversationId: string, call: PreparedCall, placedAt: number, settings: CallRecordSettings, placedBy: string): CallRecord {
  const { to, toCountry, userId } = callSummary(call);
  const { label } = call.input;
  return {
    conversationId,
    placedAt,
    placedBy,
    to,
    ...(toCountry === undefined ? {} : { toCountry }),
    ...(userId === undefined ? {} : { userId }),
    // A label is free text: a number written into it is masked like the destination.
    ...(label === undefined ? {} : { label: maskNumbersIn(label) }),
    expiration: Math.floor(placedAt / 1000) + settings.recordDays * 86_400,
    version: 1,
  };
}

/**
 * Writes the record of a placed call, so that its events are recognised and `GET /calls/{id}` knows
 * it. Never throws: the call is ringing whatever the store says, and the caller must hear so. A call
 * whose record could not be written answers 404 on `GET /calls/{id}`; the log line says which.
 * Returns whether the record was written (or no table is configured: false).
 */
export async function recordPlacedCall(
  store: CallStore,
  settings: CallRecordSettings,
  conversationId: string,
  call: PreparedCall,
  /** Who placed it (see `CallRecord.placedBy`). */
  placedBy: string,
  deadline: number,
): Promise<boolean> {
  if (!settings.tableName) return false;
  try {
    await store.create(placedCallRecord(conversationId, call, Date.now(), settings, placedBy), deadline);
    return true;
  } catch (error) {
    try {
      logger.error('the call was placed but its outcome record could not be written', {
        conversationId,
        cause: error instanceof Error ? error.name : 'unknown',
      });
    } catch {
      // Not even a log line: the call is placed all the same, and the caller must hear so.
    }
    return false;
  }
}

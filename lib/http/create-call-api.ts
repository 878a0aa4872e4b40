import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { parseCallInput } from '../calls/call-input';
import { CALL_STAGES, stageOf } from '../calls/call-stage';
import type { Container } from '../container';
import { scopedKey } from '../idempotency/run-once';
import { logger } from '../telemetry/logger';
import type { CallPlaced } from '../genesys/create-call';
import type { PreparedCall } from '../calls/place-call';
import { callSummary, describeRequest, placeCall, prepareCall } from '../calls/place-call';
import { callingHoursOf, hoursProblem, requireCallingHours } from '../calls/hours-check';
import { maskNumbersIn } from '../telemetry/masking';
import type { ProblemError } from '../problems/errors';
import { problemResult, toProblem } from '../problems/problem';
import type { ApiGatewayEvent } from './api-gateway';
import { apiRequestId, callerIdentity, jsonResult, readIdempotencyKey, readJsonBody } from './api-gateway';
import { logProblem } from '../problems/log-problem';
import { countProblem, metrics } from '../telemetry/metrics';
import { recordPlacedCall } from '../outcomes/record-placed-call';

/**
 * `POST /calls`: body → validated call → suppression list → Genesys → `201`, or `200` for a dry run,
 * or a problem. With an `Idempotency-Key`, the call is placed at most once per key and its outcome
 * replayed. With attempt caps, the call POST counts as an attempt unless it proved to place nothing
 * (docs/suppression.md). Exactly one log line per outcome.
 */
export async function createCallApi(event: ApiGatewayEvent, context: Context, container: () => Container): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const logFields = (call?: PreparedCall) => ({
    apiGatewayRequestId: apiRequestId(event),
    durationMs: Date.now() - startedAt,
    ...(call ? callSummary(call) : {}),
  });

  let prepared: PreparedCall | undefined;
  try {
    const { config, genesys, runOnce, calls, now, later, suppression } = container();
    const idempotencyKey = readIdempotencyKey(event);
    const input = parseCallInput(readJsonBody(event));
    const call = prepareCall(input, config);
    prepared = call;
    // A call for later: in the future, at most a year ahead (400 invalid_request otherwise).
    const at = input.at === undefined ? undefined : later.readAt(input.at, now());
    const caller = callerIdentity(event);
    const to = call.numbers.to.e164;

    if (input.dryRun) {
      // A dry run answers what the call would be answered at its time, short of placing it: the
      // suppression list, calling hours, and for a call now the attempt caps (counting no attempt).
      await suppression.check(to, deadline);
      if (input.outsideHours !== 'defer') requireCallingHours(call, config.callingHours, at?.getTime() ?? now());
      if (at === undefined) await suppression.checkAttempts(to, deadline);
      // The log line is masked like every other; only the answer to the caller shows the numbers.
      logger.info('dry run', { outcome: 'dry_run', status: 200, ...logFields(call) });
      return jsonResult(200, { dryRun: true, ...callSummary(call, 'full'), request: describeRequest(call, config.genesys.apiUrl, 'full') });
    }

    // The record's client starts loading once the first request is under way, not after the call (see docs/outcomes.md).
    if (config.calls.tableName) calls.preload();
    /** A problem answered for this call: logged and counted; remembered only if Genesys may have acted on the POST. */
    const refused = (problem: ProblemError) => {
      logSafely(() => {
        logProblem(problem, logFields(call));
        countProblem(problem);
      });
      return { value: problemResult(problem), remember: CALL_STAGES[stageOf(problem)].callMayExist };
    };
    const place = async () => {
      // The suppression list, then calling hours, both checked once the key is held, not before: a
      // retry of a call placed at 20:59 (or before its number was listed) replays its 201 instead of
      // a refusal. Never remembered: a retry once the window opens, or the number is removed, places
      // the call. A call for later is checked now, when it is accepted, and by the dialer at its time.
      try {
        await suppression.check(to, deadline);
      } catch (error) {
        return refused(toProblem(error, call.context));
      }
      const hours = callingHoursOf(call, config.callingHours, at?.getTime() ?? now());
      const deferred = hours.kind === 'outside' && input.outsideHours === 'defer';
      if (hours.kind !== 'allowed' && !deferred) return refused(hoursProblem(call, hours));
      const dialAt = deferred && hours.kind === 'outside' ? hours.nextAllowedAt : at;
      if (dialAt) return scheduleForLater(dialAt);
      let placed: CallPlaced;
      try {
        // The call POST, counted as one attempt under MAX_ATTEMPTS_PER_NUMBER (docs/suppression.md).
        placed = await suppression.attempt(to, deadline, () => placeCall(genesys, call, deadline));
      } catch (error) {
        // Otherwise a retry with the key tries again.
        return refused(toProblem(error, call.context));
      }
      // Before the answer: a caller who asks GET /calls/{id} at once finds the call. Never throws.
      await recordPlacedCall(calls, config.calls, placed.conversationId, call, callerIdentity(event), deadline);
      logSafely(() => {
        metrics.add('CallsPlaced');
        logger.info('call placed', {
          outcome: 'placed',
          status: 201,
          conversationId: placed.conversationId,
          genesysCorrelationId: placed.correlationId,
          ...logFields(call),
        });
      });
      const headers: Record<string, string> = placed.correlationId ? { 'inin-correlation-id': placed.correlationId } : {};
      return { value: jsonResult(201, { conversationId: placed.conversationId, selfUri: placed.selfUri, ...callSummary(call) }, headers), remember: true };
    };

    /** A call for later (or deferred to the callee's hours): a schedule that queues it at its time; 202. */
    const scheduleForLater = async (dialAt: Date) => {
      try {
        const { callId, clientToken } = later.callIdFor(idempotencyKey === undefined ? undefined : scopedKey(caller, idempotencyKey));
        const { to, toCountry } = callSummary(call);
        const scheduled = await later.schedule(
          { callId, ...(clientToken ? { clientToken } : {}), caller, at: dialAt, call: input as unknown as Record<string, unknown>, to, ...(toCountry ? { toCountry } : {}), ...(input.label ? { label: maskNumbersIn(input.label) } : {}) },
          deadline,
        );
        logSafely(() => {
          logger.info('call scheduled', { outcome: 'scheduled', status: 202, callId, at: scheduled.at, ...logFields(call) });
        });
        return { value: jsonResult(202, { ...scheduled, ...callSummary(call) }, { location: `/calls/${callId}` }), remember: true };
      } catch (error) {
        // Nothing was scheduled, or the schedule's retry with the same key will be the same one.
        const problem = toProblem(error, call.context);
        logProblem(problem, logFields(call));
        countProblem(problem);
        return { value: problemResult(problem), remember: false };
      }
    };

    if (!idempotencyKey) return (await place()).value;

    // The fingerprint is the Genesys request itself: two bodies that make the same call are the
    // same request, whatever their spelling of the number.
    // The fingerprint is the Genesys request and, for a call for later, when and how it is to wait.
    const { value, replayed } = await runOnce.run({ key: scopedKey(caller, idempotencyKey), fingerprint: { ...call.request, at: input.at, outsideHours: input.outsideHours } }, place, deadline);
    if (!replayed) return value;
    metrics.add('IdempotentReplays');
    logger.info('replayed', { outcome: 'replayed', status: value.statusCode, ...logFields(call) });
    return { ...value, headers: { ...value.headers, 'idempotent-replayed': 'true' } };
  } catch (error) {
    const problem = toProblem(error, prepared?.context);
    logProblem(problem, logFields(prepared));
    countProblem(problem);
    return problemResult(problem);
  }
}

/**
 * A log line (or metric) written once the call POST was sent. Its failure must not change the answer: as an
 * error it would become `internal_error`, which tells a caller nothing about a call that may ring.
 */
function logSafely(write: () => void): void {
  try {
    write();
  } catch {
    // The answer still says what happened to the call; the line is lost.
  }
}

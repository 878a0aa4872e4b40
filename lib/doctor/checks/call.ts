import { ProblemError } from '../../problems/errors';
import { createGenesysClient } from '../../genesys/client';
import { callSummary, placeCall, prepareCall } from '../../calls/place-call';
import { CALL_STAGES, stageOf } from '../../calls/call-stage';
import type { Check } from '../check';
import { fail, pass } from '../check';

/**
 * 10. Only with `--call <number>`: one real call, through exactly what POST /calls runs (prepareCall,
 * then placeCall on a container's Genesys client), so its answer is the one callers would get.
 */
export const callCheck: Check = {
  id: 'call',
  title: 'Real call',
  needs: ['login', 'request'],
  applies: (input) => input.call !== undefined,
  async run(input, state) {
    const config = state.config!;
    try {
      const prepared = prepareCall(
        { to: input.call!, ...(input.user ? { userId: input.user } : {}), ...(input.queue ? { queueId: input.queue } : {}), dryRun: false },
        config,
      );
      const placed = await placeCall(createGenesysClient(config.genesys, input.secretsManager), prepared, input.deadline);
      const summary = callSummary(prepared);
      return pass(`placed a call to ${summary.to}: conversation ${placed.conversationId}`, {
        details: { conversationId: placed.conversationId, ...(placed.correlationId ? { correlationId: placed.correlationId } : {}) },
      });
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return fail(`${error.code}: ${error.details.detail}`, fixFor(error));
    }
  },
};

/**
 * What to do after a failed call. Where Genesys may have acted on the POST (a 5xx, a timeout, a
 * broken connection: `callMayExist`), the phone may be ringing: running `--call` again could ring it
 * twice, so the fix is to look first. The doctor keeps no call record, so Genesys is where to look.
 */
function fixFor(problem: ProblemError): string {
  if (!CALL_STAGES[stageOf(problem)].callMayExist) return 'POST /calls would answer the same: fix what it says, then run the doctor with --call again.';
  const correlationId = problem.details.genesys?.correlationId;
  return (
    'The call may have been placed: before any retry, check in Genesys Cloud whether it was (the call user\'s recent conversations, or Performance > Interactions' +
    `${correlationId ? `; Genesys support can trace correlation id ${correlationId}` : ''}). Do not run the doctor with --call again until you know it was not.`
  );
}

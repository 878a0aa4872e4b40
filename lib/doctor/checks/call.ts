import { ProblemError } from '../../problems/errors';
import { createGenesysClient } from '../../genesys/client';
import { callSummary, placeCall, prepareCall } from '../../calls/place-call';
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
      return fail(`${error.code}: ${error.details.detail}`, 'POST /calls would answer the same: fix what it says, then run the doctor with --call again.');
    }
  },
};

import type { CountryCode } from 'libphonenumber-js/max';
import { getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { ProblemError } from '../../problems/errors';
import { describeRequest, prepareCall } from '../../calls/place-call';
import type { Check } from '../check';
import { fail, pass, unknown } from '../check';
import { createCallRequestProblems } from '../create-call-request-schema';

/**
 * 9. The request this deployment would send for a number of DEFAULT_COUNTRY (libphonenumber's
 * example mobile number, written nationally as a caller would) is a valid CreateCallRequest: the
 * same preparation as a dry run of POST /calls, nothing sent.
 */
export const requestCheck: Check = {
  id: 'request',
  title: 'Request',
  needs: ['configuration'],
  async run(input, state) {
    const config = state.config!;
    const country: CountryCode = config.phone.defaultCountry;
    const sample = getExampleNumber(country, examples);
    if (sample === undefined) return unknown(`libphonenumber has no example number for ${country}`, 'Try a real request with "dryRun": true instead.');
    try {
      const prepared = prepareCall({ to: sample.formatNational(), ...(input.queue ? { queueId: input.queue } : {}), dryRun: true }, config);
      const problems = createCallRequestProblems(prepared.request.body);
      if (problems.length > 0) {
        return fail(`the request for a ${country} number is not a valid CreateCallRequest: ${problems.join('; ')}`, 'This is a bug in the service: report it with this output.');
      }
      const shown = describeRequest(prepared, config.genesys.apiUrl) as { path: string; body: Record<string, unknown> };
      return pass(`POST ${shown.path} ${JSON.stringify(shown.body)} is a valid CreateCallRequest`);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return fail(`a ${country} number is refused before sending: ${error.details.detail}`, 'Allow the numbers you mean to call (allowedCountries, blockedNumberTypes), or change defaultCountry.');
    }
  },
};

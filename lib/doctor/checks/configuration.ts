import { ConfigurationError } from '../../config';
import { isGenesysId } from '../../genesys/id';
import { resolveRegion } from '../../genesys/regions';
import type { Check } from '../check';
import { fail, pass } from '../check';

/**
 * 1. The settings load (region known, URLs valid, user id a UUID, countries real, …: lib/config.ts's
 * own checks), the user and queue ids given to the doctor are UUIDs, and numbers written without + (read in DEFAULT_COUNTRY) may be
 * dialled at all.
 */
export const configurationCheck: Check = {
  id: 'configuration',
  title: 'Configuration',
  needs: [],
  async run(input, state) {
    const { config } = input;
    if (config instanceof ConfigurationError) {
      return fail(config.message, `Set ${config.variable} (deploy param or environment) to a valid value and deploy again.`);
    }
    // GENESYS_CALL_USER_ID is checked by lib/config.ts; the ids given to the doctor itself here.
    const ids: Array<[string, string | undefined]> = [
      ['--user', input.user],
      ['--queue', input.queue],
    ];
    for (const [name, value] of ids) {
      if (value !== undefined && !isGenesysId(value)) {
        return fail(`${name} "${value}" is not a Genesys id (a UUID)`, `Use the id from the user's or queue's page URL in Genesys Cloud admin, e.g. 8f4a…-…`);
      }
    }
    const { defaultCountry, allowedCountries } = config.phone;
    if (allowedCountries !== '*' && !allowedCountries.has(defaultCountry)) {
      return fail(
        `DEFAULT_COUNTRY ${defaultCountry} is not in ALLOWED_COUNTRIES (${[...allowedCountries].join(', ')}): every number written without + would be refused`,
        `Add ${defaultCountry} to allowedCountries, or set defaultCountry to one of them.`,
      );
    }
    state.config = config;
    const region = resolveRegion(config.genesys.loginUrl);
    state.regionLabel = region ? `${region.domain} (${region.region})` : config.genesys.loginUrl;
    return pass(`Genesys ${state.regionLabel}; DEFAULT_COUNTRY ${defaultCountry}`, {
      details: {
        apiUrl: config.genesys.apiUrl,
        loginUrl: config.genesys.loginUrl,
        secretId: config.genesys.credentialsSecretId,
        ...(config.genesys.callUserId ? { callUserId: config.genesys.callUserId } : {}),
        allowedCountries: allowedCountries === '*' ? '*' : [...allowedCountries].join(','),
      },
    });
  },
};

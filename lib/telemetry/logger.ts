import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per container. Level and sampling come from Powertools' own variables
 * (POWERTOOLS_LOG_LEVEL, …). What is logged is chosen where it is logged: phone numbers only masked,
 * never a token, a secret or a Genesys 5xx body.
 */
export const logger = new Logger({ serviceName: 'genesys-outbound-call' });

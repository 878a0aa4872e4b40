import Ajv from 'ajv';
import openapi from '../../emulator/createcall-openapi.json';

/**
 * Validates a recorded request body against Genesys's CreateCallRequest (the schema copied from the
 * fact sheet), with unknown properties refused: a property the schema does not name is a bug here.
 */
// Formats (int32, uri) are annotations in the Genesys spec, not checks this needs.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile({
  ...openapi.definitions.CreateCallRequest,
  additionalProperties: false,
  definitions: openapi.definitions,
});

export function createCallRequestErrors(body: unknown): string[] {
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

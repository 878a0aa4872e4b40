import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * openapi.yaml (OpenAPI 3.1, whose schemas are JSON Schema 2020-12) as a validator: the tests hold
 * the handler's real answers and the validator's behaviour against it, so the document cannot
 * drift from the code.
 */

interface Header {
  required?: boolean;
  schema: object;
}

interface Response {
  headers?: Record<string, Header | { $ref: string }>;
  content?: Record<string, { schema: object }>;
}

interface Operation {
  parameters?: Array<{ name: string; in: string; schema: object } | { $ref: string }>;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, Response>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { enum?: string[] } & Record<string, unknown>>; [kind: string]: Record<string, unknown> };
}

const DOCUMENT_ID = 'openapi.yaml';

export const OPENAPI = load(readFileSync(join(__dirname, '../../openapi.yaml'), 'utf8')) as OpenApiDocument;

// Strict: a misspelt keyword in the document is an error, not a silently ignored annotation. The
// document's own top-level members are declared as keywords so that its schemas can be referenced
// inside it by JSON pointer.
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addVocabulary(['openapi', 'info', 'servers', 'security', 'paths', 'components']);
ajv.addSchema(OPENAPI, DOCUMENT_ID);

const compiled = new Map<string, ValidateFunction>();

/** The validator of the schema at a JSON pointer into the document. */
export function schemaAt(pointer: string[]): ValidateFunction {
  const ref = `${DOCUMENT_ID}#/${pointer.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  return validate;
}

function errorsOf(validate: ValidateFunction, value: unknown, where: string): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${where}${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
}

/** A `#/components/...` reference inside the document → what it points at. */
function resolved<T extends object>(value: T | { $ref: string }): T {
  if (!('$ref' in value)) return value;
  const path = value.$ref.replace(/^#\//, '').split('/');
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], OPENAPI) as T;
}

/** `POST /calls` → its operation in the document, and the path key it sits under. */
function operation(route: string): { path: string; method: string; operation: Operation } {
  const [method, path] = route.split(' ');
  const found = OPENAPI.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`openapi.yaml documents no ${route}`);
  return { path, method: method.toLowerCase(), operation: found };
}

/** Why the request body does not match the operation's JSON request schema (empty: it matches). */
export function requestBodyErrors(route: string, body: unknown): string[] {
  const { path, method } = operation(route);
  return errorsOf(schemaAt(['paths', path, method, 'requestBody', 'content', 'application/json', 'schema']), body, 'body');
}

/** The Idempotency-Key (or other header parameter) schema's verdict on a value. */
export function headerParameterErrors(route: string, name: string, value: string): string[] {
  const { operation: found } = operation(route);
  const parameter = (found.parameters ?? []).map((entry) => resolved(entry)).find((entry) => entry.in === 'header' && entry.name === name);
  if (!parameter) return [`${name} is not a documented header of ${route}`];
  return errorsOf(ajv.compile(parameter.schema), value, name);
}

/**
 * Why an answer of the handler does not match what the document says of its route: the status must
 * be documented, its content type too, the body must match that content's schema, every header the
 * answer sends (but content-type) must be documented for that status and match its schema, and
 * every required header must be there. Empty: the answer is as documented.
 */
export function answerErrors(route: string, result: APIGatewayProxyResult): string[] {
  const { path, method, operation: found } = operation(route);
  const status = String(result.statusCode);
  const response = found.responses[status];
  if (!response) return [`status ${status} is not documented for ${route}`];
  const headers = new Map(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const errors: string[] = [];

  const contentType = headers.get('content-type');
  if (response.content) {
    if (!contentType || !response.content[contentType]) {
      errors.push(`${status}: content-type ${contentType ?? '(none)'} is not documented (${Object.keys(response.content).join(', ')})`);
    } else {
      let body: unknown;
      try {
        body = JSON.parse(result.body);
      } catch {
        return [...errors, `${status}: the body is not JSON`];
      }
      errors.push(...errorsOf(schemaAt(['paths', path, method, 'responses', status, 'content', contentType, 'schema']), body, `${status} body`));
    }
  } else if (result.body) {
    errors.push(`${status}: a body is sent where none is documented`);
  }

  const documented = new Map(Object.entries(response.headers ?? {}).map(([name, header]) => [name.toLowerCase(), { name, header: resolved(header) }]));
  for (const [name, value] of headers) {
    if (name === 'content-type') continue;
    const entry = documented.get(name);
    if (!entry) errors.push(`${status}: header ${name} is not documented`);
    else errors.push(...errorsOf(ajv.compile(entry.header.schema), value, `${status} header ${entry.name}`));
  }
  for (const [name, { header }] of documented) {
    if (header.required && !headers.has(name)) errors.push(`${status}: required header ${name} is missing`);
  }
  return errors;
}

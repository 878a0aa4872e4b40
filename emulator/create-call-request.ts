import createCallSpec from './createcall-openapi.json';
import type { GenesysErrorOptions } from './error-body';
import { isPlainObject, parseJson } from './exchange';

/** The subset of JSON Schema (Swagger 2.0) that createcall-openapi.json uses. */
interface SchemaNode {
  type?: string;
  format?: string;
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  $ref?: string;
}

const DEFINITIONS = createCallSpec.definitions as Record<string, SchemaNode>;
/** Read from the spec copy, not retyped: a property added there is accepted here. */
const CREATE_CALL_REQUEST = DEFINITIONS.CreateCallRequest;
const REQUEST_PROPERTIES = Object.keys(CREATE_CALL_REQUEST.properties ?? {});

/** How each JSON Schema type is checked, and how the `invalid.value` message describes what it allows. */
const TYPE_RULES: Record<string, { accepts: (value: unknown) => boolean; allowable: string }> = {
  string: { accepts: (value) => typeof value === 'string', allowable: 'a JSON string' },
  integer: { accepts: (value) => Number.isInteger(value), allowable: 'a whole number' },
  number: { accepts: (value) => typeof value === 'number', allowable: 'a number' },
  boolean: { accepts: (value) => typeof value === 'boolean', allowable: 'true or false' },
  array: { accepts: Array.isArray, allowable: 'a JSON array' },
  object: { accepts: isPlainObject, allowable: 'a JSON object' },
};

const FORMAT_RULES: Record<string, { accepts: (value: unknown) => boolean; allowable: string }> = {
  int32: {
    accepts: (value) => typeof value === 'number' && value >= -(2 ** 31) && value <= 2 ** 31 - 1,
    allowable: 'a whole number from -2147483648 to 2147483647',
  },
};

/**
 * The properties that say whom to call, and when each counts as given. Genesys accepts exactly one
 * (facts §1, §6). Emulator choice (unverified): exactly these five count as destinations.
 */
const DESTINATIONS: Record<string, (value: unknown) => boolean> = {
  phoneNumber: (value) => value !== undefined,
  callQueueId: (value) => value !== undefined,
  callUserId: (value) => value !== undefined,
  participants: (value) => Array.isArray(value) && value.length > 0,
  conversationIds: (value) => Array.isArray(value) && value.length > 0,
};

/**
 * Emulator choice (unverified): phone numbers must be E.164. Genesys's own rule and its message for
 * a malformed number are undocumented (facts §3); this is stricter than Genesys may be.
 */
const E164 = /^\+[1-9]\d{6,14}$/;
const E164_FIELDS = ['phoneNumber', 'callerId'];
const E164_ALLOWABLE = 'an E.164 phone number: + then 7 to 15 digits, the first not 0, e.g. +14155550100';

for (const field of [...Object.keys(DESTINATIONS), ...E164_FIELDS, 'callFromQueueId']) {
  if (!REQUEST_PROPERTIES.includes(field)) throw new Error(`createcall-openapi.json: CreateCallRequest has no property ${field}.`);
}

export type Rejection = { code: string } & GenesysErrorOptions;
export type Validation = { ok: true; body: Record<string, unknown> } | { ok: false; rejection: Rejection };

export interface Directory {
  isQueue(queueId: string): boolean;
}

/** Checks a CreateCallRequest body in the order a client's mistakes are most useful to hear about. */
export function validateCreateCallRequest(rawBody: string, directory: Directory): Validation {
  const parsed = parseJson(rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) return reject({ code: 'bad.request' });
  const body = parsed.value;

  const walk = walkSchema(body, CREATE_CALL_REQUEST, '');
  if (walk.unknown.length > 0) {
    // Emulator choice (unverified): unknown properties (e.g. tutorial-style `from`/`to`) are refused;
    // real Genesys may ignore them. Refusing them here catches the mistake before production does.
    return reject({
      code: 'bad.request',
      message: `Unrecognized field(s) in CreateCallRequest: ${walk.unknown.join(', ')}. Known fields: ${REQUEST_PROPERTIES.join(', ')}.`,
      details: walk.unknown.map((fieldName) => ({ fieldName, errorCode: 'unrecognized.field' })),
    });
  }
  const wrongType = walk.wrongTypes[0];
  if (wrongType !== undefined) return reject(invalidValue(wrongType.field, wrongType.value, wrongType.type, wrongType.allowable));

  const destinations = Object.keys(DESTINATIONS).filter((field) => DESTINATIONS[field](given(body[field])));
  if (destinations.length === 0) {
    // Emulator choice (unverified): no destination is a bad.request with this message.
    return reject({
      code: 'bad.request',
      message: `A destination is required: supply exactly one of ${Object.keys(DESTINATIONS).join(', ')}.`,
    });
  }
  if (destinations.length > 1) {
    return reject({
      code: 'too.many.create.conversation.parameters',
      details: destinations.map((fieldName) => ({ fieldName, errorCode: 'too.many.create.conversation.parameters' })),
    });
  }

  for (const field of E164_FIELDS) {
    const value = given(body[field]);
    if (typeof value === 'string' && !E164.test(value)) return reject(invalidValue(field, value, 'E.164 phone number', E164_ALLOWABLE));
  }

  const queueId = given(body.callFromQueueId);
  if (typeof queueId === 'string' && !directory.isQueue(queueId)) {
    // Emulator choice (unverified): an unknown callFromQueueId is a 404 not.found.
    return reject({ code: 'not.found', details: [{ fieldName: 'callFromQueueId', errorCode: 'not.found', entityId: queueId }] });
  }

  return { ok: true, body };
}

function reject(rejection: Rejection): Validation {
  return { ok: false, rejection };
}

function invalidValue(field: string, value: unknown, type: string, allowable: string): Rejection {
  return {
    code: 'invalid.value',
    fill: [typeof value === 'string' ? value : JSON.stringify(value), type, allowable],
    details: [{ fieldName: field, errorCode: 'invalid.value' }],
  };
}

/**
 * Emulator choice (unverified): a declared property set to `null` counts as absent, as Genesys's
 * JSON binding usually treats it, rather than as a value of the wrong type. (A `null` attribute
 * value is still refused: attribute values must be strings.)
 */
function given(value: unknown): unknown {
  return value === null ? undefined : value;
}

interface WrongType {
  field: string;
  value: unknown;
  type: string;
  allowable: string;
}

/** Collects unknown properties and values of the wrong type, with their paths (`participants[0].address`). */
function walkSchema(value: unknown, schema: SchemaNode, path: string): { unknown: string[]; wrongTypes: WrongType[] } {
  const found = { unknown: [] as string[], wrongTypes: [] as WrongType[] };
  const node = resolve(schema);
  const typeRule = node.type === undefined ? undefined : TYPE_RULES[node.type];
  const formatRule = node.format === undefined ? undefined : FORMAT_RULES[node.format];
  for (const rule of [typeRule, formatRule]) {
    if (rule !== undefined && !rule.accepts(value)) {
      const type = node.format === undefined ? String(node.type) : `${node.type} (${node.format})`;
      found.wrongTypes.push({ field: path, value, type, allowable: rule.allowable });
      return found;
    }
  }
  const merge = (inner: { unknown: string[]; wrongTypes: WrongType[] }) => {
    found.unknown.push(...inner.unknown);
    found.wrongTypes.push(...inner.wrongTypes);
  };
  if (Array.isArray(value) && node.items !== undefined) {
    value.forEach((item, index) => merge(walkSchema(item, node.items!, `${path}[${index}]`)));
  }
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const declared = node.properties?.[key];
      const childSchema = declared ?? node.additionalProperties;
      if (childSchema === undefined) found.unknown.push(childPath);
      else if (declared === undefined || given(child) !== undefined) merge(walkSchema(child, childSchema, childPath));
    }
  }
  return found;
}

function resolve(schema: SchemaNode): SchemaNode {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/definitions/', '');
  const target = DEFINITIONS[name];
  if (target === undefined) throw new Error(`createcall-openapi.json: unresolved $ref ${schema.$ref}.`);
  return target;
}

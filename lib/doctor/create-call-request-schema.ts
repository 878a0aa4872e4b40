/**
 * The properties of Genesys's `CreateCallRequest` and their JSON types, copied from
 * /work/shared/genesys/createcall-openapi.json (`definitions.CreateCallRequest`: the 2018 swagger
 * plus properties reconstructed from the SDK models, facts.md §1). The spec declares no required
 * property, pattern or length; exactly one destination is Genesys's documented rule
 * (`too.many.create.conversation.parameters`).
 */
export const CREATE_CALL_REQUEST_PROPERTIES = {
  phoneNumber: 'string',
  callerId: 'string',
  callerIdName: 'string',
  callFromQueueId: 'string',
  callQueueId: 'string',
  callUserId: 'string',
  priority: 'integer',
  attributes: 'string map',
  languageId: 'string',
  routingSkillsIds: 'string array',
  routingSkillExpression: 'string',
  conversationIds: 'string array',
  participants: 'object array',
  uuiData: 'string',
  externalContactId: 'string',
  label: 'string',
} as const;

type JsonType = (typeof CREATE_CALL_REQUEST_PROPERTIES)[keyof typeof CREATE_CALL_REQUEST_PROPERTIES];

const DESTINATIONS = ['phoneNumber', 'callQueueId', 'callUserId', 'participants', 'conversationIds'] as const;

const IS: Record<JsonType, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => Number.isInteger(value),
  'string map': (value) => isObject(value) && Object.values(value).every((entry) => typeof entry === 'string'),
  'string array': (value) => Array.isArray(value) && value.every((entry) => typeof entry === 'string'),
  'object array': (value) => Array.isArray(value) && value.every(isObject),
};

const DESCRIPTION: Record<JsonType, string> = {
  string: 'a string',
  integer: 'an integer',
  'string map': 'an object of strings',
  'string array': 'an array of strings',
  'object array': 'an array of objects',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with a body as a CreateCallRequest; empty when nothing is. */
export function createCallRequestProblems(body: unknown): string[] {
  if (!isObject(body)) return ['the body is not a JSON object'];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    const type = (CREATE_CALL_REQUEST_PROPERTIES as Record<string, JsonType | undefined>)[name];
    if (type === undefined) problems.push(`${name} is not a CreateCallRequest property`);
    else if (!IS[type](value)) problems.push(`${name} is not ${DESCRIPTION[type]}`);
  }
  const destinations = DESTINATIONS.filter((name) => body[name] !== undefined);
  if (destinations.length !== 1) problems.push(`it names ${destinations.length} destinations; Genesys wants exactly one`);
  return problems;
}

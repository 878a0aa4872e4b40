import { FIELDS } from '../../lib/calls/call-input';
import { IDEMPOTENCY_KEY } from '../../lib/idempotency/run-once';
import { REASONS } from '../../lib/calls/phone';
import { GENESYS_RULES } from '../../lib/problems/problem';
import type { ProblemCode } from '../../lib/problems/problem-types';
import { PROBLEM_TYPES, problemTypeUri } from '../../lib/problems/problem-types';
import { headerParameterErrors, OPENAPI, schemaAt } from '../support/openapi';

// The document against the tables it describes. Real answers are checked against it where they
// are made: test/integration/fault-matrix.test.ts, test/integration/idempotency.test.ts,
// test/fuzz/create-call.fuzz.test.ts; the request schema against the validator in
// test/fuzz/openapi-request.fuzz.test.ts.

/** The operations that answer problems: the calls' and the batches'. */
const OPERATIONS = [
  ['/calls', 'post'],
  ['/calls/{conversationId}', 'get'],
  ['/batches', 'post'],
  ['/batches/{batchId}', 'get'],
  ['/batches/{batchId}', 'delete'],
  ['/batches/{batchId}/calls', 'get'],
] as const;

type Schema = Record<string, unknown> & { allOf?: Array<{ properties?: { code?: { enum: string[] }; status?: { const: number } } }> };

/** The problem codes a status is documented with, by one operation or by any. */
function codesAt(status: number, operations: ReadonlyArray<readonly [string, string]> = OPERATIONS): string[] {
  return operations.flatMap(([path, method]) => {
    const schema = OPENAPI.paths[path][method].responses[String(status)]?.content?.['application/problem+json']?.schema as { $ref?: string } | undefined;
    if (!schema?.$ref) return [];
    const named = OPENAPI.components.schemas[schema.$ref.split('/').pop() ?? ''] as Schema;
    return named.allOf?.[1]?.properties?.code?.enum ?? [];
  });
}

const documentedStatuses = [...new Set(OPERATIONS.flatMap(([path, method]) => Object.keys(OPENAPI.paths[path][method].responses).map(Number)))];
const codes = Object.keys(PROBLEM_TYPES) as ProblemCode[];

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1 and every schema in it compiles in ajv strict mode', () => {
    // Prepare
    const names = Object.keys(OPENAPI.components.schemas);

    // Act
    const compile = () => names.forEach((name) => schemaAt(['components', 'schemas', name]));

    // Assess
    expect(OPENAPI.openapi).toMatch(/^3\.1\./);
    expect(compile).not.toThrow();
  });

  describe('problems of the calls and batches routes', () => {
    it.each(codes)('documents %s under its usual status, with the type and title the service sends', (code) => {
      // Prepare
      const { status, title } = PROBLEM_TYPES[code];
      const [path, method] = OPERATIONS.find((operation) => codesAt(status, [operation]).includes(code)) ?? OPERATIONS[0];

      // Act
      const validate = schemaAt(['paths', path, method, 'responses', String(status), 'content', 'application/problem+json', 'schema']);
      const valid = validate({ type: problemTypeUri(code), title, status, detail: 'What went wrong.', code });

      // Assess
      expect(codesAt(status)).toContain(code);
      expect(valid).toBe(true);
    });

    it('documents the status each Genesys refusal takes when the caller chose the user or queue', () => {
      // Prepare
      const chosen = GENESYS_RULES.filter((rule) => rule.statusIfCallerChose !== undefined).map((rule) => [rule.problem, rule.statusIfCallerChose]);

      // Act
      const documented = chosen.map(([code, status]) => [code, codesAt(Number(status)).includes(String(code)) ? status : 'undocumented']);

      // Assess
      expect(chosen.length).toBeGreaterThan(0);
      expect(documented).toEqual(chosen);
    });

    it('lists exactly the problem codes of lib/problems/problem-types.ts, and no code under a status the service never answers it with', () => {
      // Prepare
      const alternative = new Map(GENESYS_RULES.filter((rule) => rule.statusIfCallerChose).map((rule) => [rule.problem, rule.statusIfCallerChose]));

      // Act
      const listed = documentedStatuses.flatMap((status) => codesAt(status).map((code) => [code, status] as const));
      const stray = listed.filter(([code, status]) => PROBLEM_TYPES[code as ProblemCode]?.status !== status && alternative.get(code as ProblemCode) !== status);

      // Assess
      expect([...new Set(listed.map(([code]) => code))].sort()).toEqual([...codes].sort());
      expect(OPENAPI.components.schemas.ProblemCode.enum?.slice().sort()).toEqual([...codes].sort());
      expect(stray).toEqual([]);
    });

    it('lists the reasons an invalid number is given, as lib/calls/phone.ts names them', () => {
      // Prepare
      const problem = OPENAPI.components.schemas.Problem as { properties: { reason: { enum: string[] } } };

      // Act
      const reasons = problem.properties.reason.enum;

      // Assess
      expect(reasons.slice().sort()).toEqual(Object.keys(REASONS).sort());
    });
  });

  describe('POST /calls request', () => {
    const schema = OPENAPI.components.schemas.CallRequest as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<
        string,
        { type?: string; pattern?: string; $ref?: string; description?: string; enum?: string[]; maxLength?: number; maxProperties?: number; propertyNames?: { maxLength: number }; additionalProperties?: { maxLength: number } }
      >;
    };

    type Property = (typeof schema.properties)[string];
    /** How the document spells the kinds of lib/calls/call-input.ts that are not strings with a cap. */
    const KINDS: Array<[string, (property: Property) => boolean]> = [
      ['country', (property) => property.pattern === '^[A-Za-z]{2}$'],
      ['uuid', (property) => property.$ref === '#/components/schemas/GenesysId'],
      ['boolean', (property) => property.type === 'boolean'],
      ['timeZone', (property) => property.type === 'string' && property.maxLength === 64 && (property.description ?? '').includes('IANA time zone')],
      ['instant', (property) => property.type === 'string' && (property.pattern ?? '').includes('[+-]\\d{2}:\\d{2}')],
      ['oneOf', (property) => property.type === 'string' && Array.isArray(property.enum)],
    ];

    it('has the fields and caps of lib/calls/call-input.ts FIELDS, and refuses others', () => {
      // Prepare
      const expected = Object.entries(FIELDS).map(([field, rule]) => [
        field,
        rule.kind === 'string' ? rule.maxLength : rule.kind === 'attributes' ? [rule.maxEntries, rule.maxKeyLength, rule.maxValueLength] : rule.kind,
      ]);

      // Act
      const documented = Object.entries(FIELDS).map(([field, rule]) => {
        const property = schema.properties[field];
        if (!property) return [field, 'undocumented'];
        if (rule.kind === 'string') return [field, property.maxLength];
        if (rule.kind === 'attributes') return [field, [property.maxProperties, property.propertyNames?.maxLength, property.additionalProperties?.maxLength]];
        return [field, KINDS.find(([, isKind]) => isKind(property))?.[0] ?? 'unknown kind'];
      });

      // Assess
      expect(documented).toEqual(expected);
      expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(FIELDS).sort());
      expect(schema.required).toEqual(Object.entries(FIELDS).filter(([, rule]) => 'required' in rule && rule.required).map(([field]) => field));
      expect(schema.additionalProperties).toBe(false);
    });

    it.each([
      'a',
      '4b0c5c4e-3f43-4a4e-9d1b-8f6f3c0e2a11',
      '~!"#$%&()*+,-./:;<=>?@[\\]^_`{|}',
      'x'.repeat(255),
      'x'.repeat(256),
      '',
      'two words',
      'tab\there',
      'é',
      'line\nbreak',
    ])('takes the Idempotency-Key %j exactly when the handler does', (key) => {
      // Act
      const documented = headerParameterErrors('POST /calls', 'Idempotency-Key', key).length === 0;

      // Assess
      expect(documented).toBe(IDEMPOTENCY_KEY.test(key));
    });
  });
});

import type { APIGatewayProxyResult } from 'aws-lambda';
import fc from 'fast-check';
import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { createHandler } from '../../functions/create-call';
import { PROBLEM_TYPES } from '../../lib/problems/problem-types';
import { httpApiEvent, restApiEvent } from '../support/api-gateway-events';
import { createCallRequestErrors } from '../support/create-call-schema';
import { coldContainer, lambdaContext, observed, startEmulator } from '../support/harness';
import { answerErrors } from '../support/openapi';
import { ALLOWED_ANSWERS, fuzzReport, GENESYS_ANSWERED, validCall, wildBody } from '../support/fuzz-arbitraries';

// Property-based tests of POST /calls: generated bodies go through the real handler to the
// emulator over HTTP. Every answer must be documented (and match openapi.yaml), and nothing invalid
// may reach Genesys.

jest.setTimeout(300_000);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const RUNS = { wild: 6000, valid: 4000 };
const outcomes = { wild: new Map<string, number>(), valid: new Map<string, number>() };

function tally(map: Map<string, number>, result: APIGatewayProxyResult): string {
  const code = result.statusCode < 300 ? String(result.statusCode) : String((JSON.parse(result.body) as { code?: unknown }).code);
  map.set(code, (map.get(code) ?? 0) + 1);
  return code;
}

describe('createCall handler under generated input', () => {
  // One warm container, as a busy Lambda would have: state must not leak between requests.
  let handler: ReturnType<typeof createHandler>;
  beforeAll(() => {
    const container = coldContainer(emulator, { ALLOWED_COUNTRIES: 'US,CA,GB' });
    handler = createHandler(() => container);
  });

  afterAll(() => fuzzReport('POST /calls', RUNS, outcomes));

  it(`answers ${RUNS.wild} arbitrary bodies with 201 or a documented problem, and sends Genesys nothing invalid`, async () => {
    await fc.assert(
      fc.asyncProperty(wildBody(), fc.boolean(), async (body, rest) => {
        // Prepare
        emulator.reset();
        const event = rest ? restApiEvent(body) : httpApiEvent(body);

        // Act
        const result = observed(await handler(event, lambdaContext()));

        // Assess
        const code = tally(outcomes.wild, result);
        expect(ALLOWED_ANSWERS.has(`${result.statusCode} ${code}`)).toBe(true);
        if (result.statusCode === 201) {
          expect(emulator.records.callsPlaced).toHaveLength(1);
          expect(createCallRequestErrors(emulator.records.callsPlaced[0].body)).toEqual([]);
        } else {
          expect(emulator.records.callsPlaced).toEqual([]);
          // Only an id that looks right but that Genesys does not know is ever asked about.
          if (!GENESYS_ANSWERED.has(code)) expect(emulator.records.requests).toEqual([]);
        }
        if (code in PROBLEM_TYPES) expect(result.headers?.['content-type']).toBe('application/problem+json');
        expect(answerErrors('POST /calls', result)).toEqual([]);
      }),
      { numRuns: RUNS.wild },
    );
  });

  it(`places exactly one schema-valid call for each of ${RUNS.valid} valid requests, with the expected number`, async () => {
    await fc.assert(
      fc.asyncProperty(validCall(), fc.boolean(), async ({ body, e164 }, rest) => {
        // Prepare
        emulator.reset();
        const event = rest ? restApiEvent(body) : httpApiEvent(body);

        // Act
        const result = observed(await handler(event, lambdaContext()));

        // Assess
        tally(outcomes.valid, result);
        expect(result.statusCode).toBe(201);
        expect(emulator.records.callPosts).toBe(1);
        const [placed] = emulator.records.callsPlaced;
        expect(placed.userId).toBe((body.userId as string | undefined) ?? DEMO.userWithStation.id);
        expect(placed.body.phoneNumber).toBe(e164);
        expect(createCallRequestErrors(placed.body)).toEqual([]);
        expect(answerErrors('POST /calls', result)).toEqual([]);
      }),
      { numRuns: RUNS.valid },
    );
  });
});

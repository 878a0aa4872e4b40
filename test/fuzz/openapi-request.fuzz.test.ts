import fc from 'fast-check';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { FIELDS, parseCallInput } from '../../lib/calls/call-input';
import { ProblemError } from '../../lib/problems/errors';
import { validCall, wildBody, wildItem } from '../support/fuzz-arbitraries';
import { requestBodyErrors } from '../support/openapi';

// openapi.yaml's request schema against the validator (lib/calls/call-input.ts) on the fuzz corpus: a
// body the schema accepts is one parseCallInput accepts, and the other way round, except for what
// the document leaves to prose. Phone-number validity and the destination policy are neither's
// business: they are checked after both (422 invalid_phone_number / destination_not_allowed).

const RUNS = 10_000;

interface Verdicts {
  schema: boolean;
  validator: boolean;
  /** The fields the validator refused. */
  fields: string[];
}

function verdicts(body: unknown): Verdicts {
  const schema = requestBodyErrors('POST /calls', body).length === 0;
  try {
    parseCallInput(body);
    return { schema, validator: true, fields: [] };
  } catch (error) {
    if (!(error instanceof ProblemError) || error.code !== 'invalid_request') throw error;
    const { errors, field } = error.details;
    return { schema, validator: false, fields: errors ? errors.map((entry) => entry.field) : field ? [field] : [] };
  }
}

/**
 * What the schema admits and the validator does not, on purpose: `country` is two letters in the
 * schema (any case), and in the validator also a country libphonenumber-js knows. The list of
 * those is libphonenumber's metadata; openapi.yaml says so in the field's description.
 */
function unknownCountryOnly(body: unknown, { schema, validator, fields }: Verdicts): boolean {
  const country = (body as { country?: unknown }).country;
  return schema && !validator && fields.join() === 'country' && typeof country === 'string' && !isSupportedCountry(country.toUpperCase());
}

/** Bodies as the fuzz sends them (JSON text; text that is not JSON is neither's concern), schedule items, valid calls, capped fields at their caps. */
const corpus = fc.oneof(
  wildBody().chain((text) => {
    try {
      return fc.constant(JSON.parse(text) as unknown);
    } catch {
      return fc.constant({ text });
    }
  }),
  wildItem(),
  validCall().map(({ body }) => body),
  atTheCaps(),
  // Two letters of any case: where schema and validator part on purpose.
  fc.record({ to: fc.constant('+14155550100'), country: fc.stringMatching(/^[A-Za-z]{2}$/) }),
);

/** A text of `length` characters mixing one- and two-unit (astral) ones: where counting them differs. */
const text = (length: number) => fc.array(fc.constantFrom('a', 'é', '\u{1F4DE}', '\u{20BB7}'), { minLength: length, maxLength: length }).map((chars) => chars.join(''));

/** A valid call with one capped string (or an attribute's key or value) at its cap, one under or one over. */
function atTheCaps() {
  const capped = Object.entries(FIELDS).flatMap(([field, rule]) => (rule.kind === 'string' ? [{ field, cap: rule.maxLength }] : []));
  const { maxKeyLength, maxValueLength } = FIELDS.attributes;
  const fields = fc.constantFrom(...capped, { field: 'attributes key', cap: maxKeyLength }, { field: 'attributes value', cap: maxValueLength });
  return fc.tuple(fields, fc.integer({ min: -1, max: 1 })).chain(([{ field, cap }, delta]) =>
    text(cap + delta).map((value): Record<string, unknown> => {
      if (field === 'attributes key') return { to: '+14155550100', attributes: { [value]: 'v' } };
      if (field === 'attributes value') return { to: '+14155550100', attributes: { k: value } };
      return { to: '+14155550100', [field]: value };
    }),
  );
}

describe('openapi.yaml request schema of POST /calls', () => {
  it(`accepts exactly the ${RUNS} generated bodies that parseCallInput accepts, but for countries libphonenumber-js does not know`, () => {
    // Prepare
    const tally = { bothAccept: 0, bothRefuse: 0, unknownCountry: 0 };

    // Act
    fc.assert(
      fc.property(corpus, (body) => {
        const seen = verdicts(body);

        // Assess
        const agree = seen.schema === seen.validator || unknownCountryOnly(body, seen);
        expect({ agree, body, ...seen, schemaErrors: requestBodyErrors('POST /calls', body) }).toMatchObject({ agree: true });
        if (seen.schema === seen.validator) tally[seen.schema ? 'bothAccept' : 'bothRefuse'] += 1;
        else tally.unknownCountry += 1;
      }),
      { numRuns: RUNS },
    );

    // Assess: the corpus reached each case, so none of them is agreed by default.
    expect(tally.bothAccept).toBeGreaterThan(RUNS / 20);
    expect(tally.bothRefuse).toBeGreaterThan(RUNS / 20);
    expect(tally.unknownCountry).toBeGreaterThan(0);
  });
});

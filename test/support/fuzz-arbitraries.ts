import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { DEMO } from '../../emulator';
import { PROBLEM_TYPES } from '../../lib/problems/problem-types';
import { writeReport } from './test-report';

/** Real, valid numbers of the countries the fuzzed deployments allow (US, CA, GB). */
const VALID_NUMBERS = [
  '+14155550100',
  '+16175550111',
  '+13125550142',
  '+14165550123',
  '+16045550199',
  '+15145550188',
  '+442079460018',
  '+447400123456',
  '+441134960000',
  '+441612345678',
].map((e164) => {
  const parsed = parsePhoneNumberWithError(e164);
  return {
    e164,
    country: parsed.country as CountryCode,
    national: parsed.formatNational(),
    international: parsed.formatInternational(),
    callingCode: parsed.countryCallingCode,
    nationalNumber: parsed.nationalNumber,
  };
});

const FULLWIDTH_OFFSET = 0xff10 - 0x30;
const toFullwidth = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + FULLWIDTH_OFFSET)).replace('+', '＋');

/** A valid number written one of the ways people write numbers, with the country needed to read it. */
const writtenNumber = fc
  .tuple(fc.constantFrom(...VALID_NUMBERS), fc.integer({ min: 0, max: 7 }))
  .map(([number, style]) => {
    const forms: Array<{ to: string; country?: CountryCode }> = [
      { to: number.e164 },
      { to: number.international },
      { to: number.international.replace(/ /g, '-') },
      { to: `tel:${number.international.replace(/ /g, '-')}` },
      { to: number.national, country: number.country },
      { to: `011 ${number.callingCode} ${number.nationalNumber}` },
      { to: `00 ${number.callingCode} ${number.nationalNumber}` },
      { to: toFullwidth(number.international) },
    ];
    return { ...forms[style], e164: number.e164 };
  });

const uuid = fc.uuid({ version: 4 });
const nonEmpty = (maxLength: number) => fc.string({ minLength: 1, maxLength, unit: 'grapheme' }).filter((text) => text.length <= maxLength);

/** A request every rule accepts, and the E.164 number it must dial. */
export function validCall() {
  return fc
    .record(
      {
        number: writtenNumber,
        // International forms: `country` applies to callerId too, and may be GB here.
        callerId: fc.constantFrom('+14155550199', '+1 617 555 0111', '+1 (312) 555-0142'),
        callerIdName: nonEmpty(100),
        userId: fc.constant(DEMO.userWithStation.id),
        queueId: fc.constant(DEMO.queue.id),
        label: nonEmpty(200),
        attributes: fc.dictionary(nonEmpty(20), fc.string({ maxLength: 50 }), { maxKeys: 5 }),
        uuiData: fc.stringMatching(/^[0-9a-f]{1,64}$/),
        externalContactId: uuid,
      },
      { requiredKeys: ['number'] },
    )
    .map(({ number, ...optional }) => ({
      body: { to: number.to, ...(number.country ? { country: number.country } : {}), ...optional } as Record<string, unknown>,
      e164: number.e164,
    }));
}

const FIELDS = ['to', 'country', 'callerId', 'callerIdName', 'userId', 'queueId', 'label', 'attributes', 'uuiData', 'externalContactId', 'dryRun'];

/** Any value a JSON field may hold, biased towards what breaks parsers and phone-number code. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  writtenNumber.map((number) => number.to),
  fc.stringMatching(/^[+0-9 ()\-.]{0,30}$/),
  fc.constantFrom('+1 900 555 0100', '+44 909 879 0000', '+33 1 23 45 67 89', '1-800-FLOWERS', '+1 415 555 0100 ext. 12', '', ' ', 'tel:'),
  uuid,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 4 }),
);

const fieldName = fc.oneof(
  fc.constantFrom(...FIELDS),
  fc.constantFrom('from', 'phoneNumber', 'callFromQueueId', 'idempotencyKey', '__proto__', 'constructor'),
  fc.string({ maxLength: 12 }),
);
/** Objects with our field names (and others) holding any values. */
const objectWithAnyFields = fc.dictionary(fieldName, anyValue, { maxKeys: 8 });
/** A valid call with one field replaced by any value. */
const mostlyValidObject = fc
  .tuple(validCall(), fc.constantFrom(...FIELDS), anyValue)
  .map(([{ body }, field, value]) => ({ ...body, [field]: value, dryRun: field === 'dryRun' ? value : undefined }));

/** One item of a schedule's list, of any kind: valid, nearly valid, any object, any value. */
export function wildItem(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: validCall().map(({ body }) => body), weight: 3 },
    { arbitrary: mostlyValidObject, weight: 3 },
    { arbitrary: objectWithAnyFields, weight: 3 },
    { arbitrary: anyValue, weight: 1 },
  );
}

/** Bodies of every kind: text, any JSON, objects with our fields (any values) and others. */
export function wildBody() {
  const objectBody = objectWithAnyFields.map((object) => JSON.stringify(object));
  const mostlyValid = mostlyValidObject.map((object) => JSON.stringify(object));
  return fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), weight: 2 },
    { arbitrary: objectBody, weight: 4 },
    { arbitrary: mostlyValid, weight: 4 },
    { arbitrary: fc.constant(`{"to":"+14155550100","label":"${'x'.repeat(17_000)}"}`), weight: 1 },
    { arbitrary: fc.constant('{"to": {"address": "+14155550100", "type": "PHONE"}, "from": {"address": "+14155550199"}}'), weight: 1 },
  );
}

/**
 * What POST /calls may answer with a healthy Genesys: success, a dry run, or a documented problem
 * with its documented status. Any 5xx, or an undocumented code, fails the property.
 */
export const ALLOWED_ANSWERS = new Set<string>([
  '201 201',
  '200 200',
  ...(['invalid_json', 'invalid_request', 'request_too_large', 'invalid_phone_number', 'destination_not_allowed', 'genesys_rejected_request'] as const).map(
    (code) => `${PROBLEM_TYPES[code].status} ${code}`,
  ),
  // A generated userId/queueId that Genesys does not know, or the user without a station.
  '422 genesys_not_found',
  '409 genesys_user_has_no_station',
]);

/** Codes that come from Genesys's answer: the only ones for which a request may have been sent. */
export const GENESYS_ANSWERED = new Set(['genesys_not_found', 'genesys_user_has_no_station', 'genesys_rejected_request']);

/** Prints the runs and their outcomes in the table at the end of `npm test`. */
export function fuzzReport(target: string, runs: Record<string, number>, outcomes: Record<string, Map<string, number>>): void {
  writeReport('fuzz', {
    title: 'Fuzzing (fast-check): generated requests per property, and what they were answered',
    columns: ['target', 'property', 'runs', 'outcomes'],
    rows: Object.entries(runs).map(([property, count]) => [
      target,
      property,
      count,
      [...(outcomes[property] ?? new Map()).entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => `${code} ${n}`)
        .join(', '),
    ]),
  });
}

import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from '../phone/numbers';
import { ProblemError } from '../problems/errors';
import { isGenesysId } from '../genesys/id';
import { canonicalTimeZone } from '../hours/zoned-time';

/** A call as callers ask for it: the body of `POST /calls`, or one item of a schedule. */
export interface CallInput {
  readonly to: string;
  readonly country?: CountryCode;
  readonly callerId?: string;
  readonly callerIdName?: string;
  readonly userId?: string;
  readonly queueId?: string;
  readonly label?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly uuiData?: string;
  readonly externalContactId?: string;
  /** The callee's IANA time zone, as Intl spells it: the only zone CALLING_HOURS considers when given. */
  readonly timeZone?: string;
  /** When to dial: an instant (RFC 3339 with its offset), kept as UTC ISO; absent: now. */
  readonly at?: string;
  /** Outside CALLING_HOURS: refuse (422, the default) or defer the call to the next allowed instant. */
  readonly outsideHours?: 'refuse' | 'defer';
  readonly dryRun: boolean;
}

type Rule =
  | { kind: 'string'; maxLength: number; required?: boolean }
  | { kind: 'country' }
  | { kind: 'uuid' }
  | { kind: 'timeZone' }
  | { kind: 'instant' }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'attributes'; maxEntries: number; maxKeyLength: number; maxValueLength: number };

/**
 * Every field a caller may send, and its limits. Genesys documents no limits on CreateCallRequest
 * (facts.md §1); these caps are ours, generous for real use and small enough that no request can
 * carry megabytes into a Genesys conversation. Genesys ids (users, queues, external contacts) are UUIDs.
 */
export const FIELDS = {
  to: { kind: 'string', maxLength: 64, required: true },
  country: { kind: 'country' },
  callerId: { kind: 'string', maxLength: 64 },
  callerIdName: { kind: 'string', maxLength: 100 },
  userId: { kind: 'uuid' },
  queueId: { kind: 'uuid' },
  label: { kind: 'string', maxLength: 200 },
  attributes: { kind: 'attributes', maxEntries: 50, maxKeyLength: 100, maxValueLength: 1000 },
  uuiData: { kind: 'string', maxLength: 256 },
  externalContactId: { kind: 'uuid' },
  timeZone: { kind: 'timeZone' },
  at: { kind: 'instant' },
  outsideHours: { kind: 'oneOf', values: ['refuse', 'defer'] },
  dryRun: { kind: 'boolean' },
} as const satisfies Record<keyof CallInput, Rule>;

interface FieldError {
  field: string;
  detail: string;
}

/**
 * Checks a parsed JSON value against `FIELDS` and returns it typed, or throws `400 invalid_request`
 * listing every field at fault. Unknown fields are refused rather than ignored: a misspelt `calerId`
 * or a tutorial's `from`/`to` object must not silently become a call without them. `extraFields` are
 * accepted by the caller (e.g. `idempotencyKey` on a schedule item) and not returned.
 */
export function parseCallInput(value: unknown, extraFields: readonly string[] = []): CallInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProblemError('invalid_request', { detail: 'The call must be a JSON object such as {"to": "+1 202 555 0143"}.' });
  }
  const record = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const field of Object.keys(record)) {
    if (!Object.hasOwn(FIELDS, field) && !extraFields.includes(field)) {
      errors.push({ field, detail: `${field} is not a field of this API${hint(field, [...Object.keys(FIELDS), ...extraFields])}` });
    }
  }
  for (const [field, rule] of Object.entries(FIELDS) as Array<[keyof CallInput, Rule]>) {
    const problem = checkField(field, record[field], rule);
    if (problem) errors.push(problem);
  }
  if (errors.length > 0) {
    const [first] = errors;
    throw new ProblemError('invalid_request', {
      detail: sentence(errors.length === 1 ? first.detail : `${errors.length} fields are invalid; the first: ${first.detail}`),
      field: first.field,
      errors,
    });
  }
  const input: Record<string, unknown> = { dryRun: record.dryRun === true };
  for (const field of Object.keys(FIELDS) as Array<keyof CallInput>) {
    if (field !== 'dryRun' && record[field] !== undefined) input[field] = NORMALIZE[field]?.(String(record[field])) ?? record[field];
  }
  return input as unknown as CallInput;
}

/** The fields stored in one spelling whatever the caller's (`us` → `US`, `europe/paris` → `Europe/Paris`). */
const NORMALIZE: Partial<Record<keyof CallInput, (value: string) => string | undefined>> = {
  country: (value) => value.toUpperCase(),
  timeZone: canonicalTimeZone,
  at: (value) => new Date(value).toISOString(),
};

// RFC 3339 date-time: the offset is required (a local time without one names no instant).
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function checkField(field: string, value: unknown, rule: Rule): FieldError | undefined {
  if (value === undefined) {
    return 'required' in rule && rule.required ? { field, detail: `${field} is required` } : undefined;
  }
  if (value === null || value === '') {
    return { field, detail: `${field} must not be ${value === null ? 'null' : 'empty'}; leave it out instead` };
  }
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return { field, detail: `${field} must be a string` };
      if (characters(value) > rule.maxLength) return { field, detail: `${field} must be at most ${rule.maxLength} characters` };
      return undefined;
    case 'country':
      if (typeof value !== 'string' || !isSupportedCountry(value.toUpperCase())) {
        return { field, detail: `${field} must be an ISO 3166 alpha-2 country code such as "US" or "GB"` };
      }
      return undefined;
    case 'uuid':
      if (typeof value !== 'string' || !isGenesysId(value)) {
        return { field, detail: `${field} must be a Genesys Cloud id (a UUID such as 5f0e9a3c-…)` };
      }
      return undefined;
    case 'timeZone':
      if (typeof value !== 'string' || value.length > 64 || canonicalTimeZone(value) === undefined) {
        return { field, detail: `${field} must be an IANA time zone such as "America/New_York" or "Europe/Paris"` };
      }
      return undefined;
    case 'instant':
      if (typeof value !== 'string' || !RFC_3339.test(value) || !isCalendarDate(value) || Number.isNaN(Date.parse(value.replace(' ', 'T')))) {
        return { field, detail: `${field} must be an RFC 3339 date and time with its offset, such as "2027-01-05T10:00:00+01:00" or "2027-01-05T09:00:00Z"` };
      }
      return undefined;
    case 'oneOf':
      return typeof value === 'string' && rule.values.includes(value) ? undefined : { field, detail: `${field} must be one of ${rule.values.map((v) => `"${v}"`).join(', ')}` };
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { field, detail: `${field} must be true or false` };
    case 'attributes':
      return checkAttributes(field, value, rule);
  }
}

/** Whether the date part names a day of the calendar (Date.parse rolls 30 February over to March). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkAttributes(
  field: string,
  value: unknown,
  rule: Extract<Rule, { kind: 'attributes' }>,
): FieldError | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field, detail: `${field} must be an object of string values` };
  }
  const entries = Object.entries(value);
  if (entries.length > rule.maxEntries) return { field, detail: `${field} may hold at most ${rule.maxEntries} entries` };
  for (const [key, entry] of entries) {
    if (key.length === 0 || characters(key) > rule.maxKeyLength) {
      return { field, detail: `${field} keys must be 1 to ${rule.maxKeyLength} characters` };
    }
    if (typeof entry !== 'string') return { field: `${field}.${key}`, detail: `${field}.${key} must be a string` };
    if (characters(entry) > rule.maxValueLength) {
      return { field: `${field}.${key}`, detail: `${field}.${key} must be at most ${rule.maxValueLength} characters` };
    }
  }
  return undefined;
}

/**
 * Caps count Unicode characters (code points), as people and JSON Schema's maxLength (openapi.yaml)
 * do, not UTF-16 units: an emoji is one character, not two.
 */
function characters(text: string): number {
  return [...text].length;
}

/** The fields tutorials and Genesys's own schema use, pointed at ours. */
const SUGGESTIONS: Record<string, string> = {
  from: 'callerId (tutorials send from/to objects; Genesys has no such fields)',
  phoneNumber: 'to',
  callFromQueueId: 'queueId',
  number: 'to',
  destination: 'to',
};

function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/**
 * The known field a misspelt one most likely meant: the table above first, else the one known field
 * within a small edit distance (case aside: `CallerID`). Two candidates are no hint: a guess could
 * send the caller to the wrong field.
 */
function hint(field: string, known: readonly string[]): string {
  if (Object.hasOwn(SUGGESTIONS, field)) return `; did you mean ${SUGGESTIONS[field]}?`;
  const close = known.filter((name) => editDistance(field.toLowerCase(), name.toLowerCase()) <= typoAllowance(name));
  return close.length === 1 ? `; did you mean ${close[0]}?` : '';
}

// One typo per four letters, at least one: `to` tolerates one edit, `callerId` two, `callerIdName` three.
function typoAllowance(name: string): number {
  return Math.max(1, Math.floor(name.length / 4));
}

/** Edits (insert, delete, replace, swap two neighbours) that turn one string into the other. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

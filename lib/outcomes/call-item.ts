import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { CallRecord } from './call-record';

type Item = Record<string, AttributeValue>;

/**
 * A call record as a DynamoDB item, and back. Marshalled here rather than by `@aws-sdk/lib-dynamodb`,
 * whose load createCall would pay on every cold start for a handful of strings, numbers and maps.
 * Fields that are `undefined` are left out (as lib-dynamodb's `removeUndefinedValues` does).
 */
export function toItem(record: CallRecord): Item {
  return toMap(record as unknown as Record<string, unknown>);
}

/** The record an item holds; an attribute of a type no record is written with is refused. */
export function fromItem(item: Item): CallRecord {
  return fromMap(item) as unknown as CallRecord;
}

function toMap(value: Record<string, unknown>): Item {
  const item: Item = {};
  for (const [name, field] of Object.entries(value)) {
    if (field !== undefined) item[name] = toAttribute(field);
  }
  return item;
}

function toAttribute(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' && Number.isFinite(value)) return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  if (typeof value === 'object') return { M: toMap(value as Record<string, unknown>) };
  throw new TypeError(`a call record cannot hold a ${typeof value} value`);
}

function fromMap(item: Item): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, attribute]) => [name, fromAttribute(attribute)]));
}

function fromAttribute(attribute: AttributeValue): unknown {
  if (attribute.S !== undefined) return attribute.S;
  if (attribute.N !== undefined) return Number(attribute.N);
  if (attribute.BOOL !== undefined) return attribute.BOOL;
  if (attribute.NULL !== undefined) return null;
  if (attribute.L !== undefined) return attribute.L.map(fromAttribute);
  if (attribute.M !== undefined) return fromMap(attribute.M);
  throw new TypeError(`a call record holds no ${Object.keys(attribute).join(', ')} attribute`);
}

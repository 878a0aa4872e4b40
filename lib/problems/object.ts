/** A copy of `value` without its undefined members, for JSON bodies that omit what is not known. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

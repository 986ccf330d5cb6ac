/**
 * Lookups keyed by what people type (a label, a severity, a role, a service): only a record's own
 * keys count, so `toString`, `constructor` or `__proto__` find nothing instead of Object.prototype's
 * members.
 */
export function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** `record[key]` when `key` is the record's own; undefined otherwise. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwn(record, key) ? record[key] : undefined;
}

/** Config inheritance (`_extends`): objects merge key by key; arrays and scalars replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Defined, not assigned: `__proto__` stays a key (which parseConfig reports), never the prototype.
    const inherited = Object.hasOwn(base, key) ? base[key] : undefined;
    Object.defineProperty(merged, key, {
      value: deepMerge(inherited, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

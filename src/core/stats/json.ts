/**
 * The JSON form of a result. JSON has no non-finite numbers: Infinity and -Infinity are written as the strings
 * "Infinity" and "-Infinity" (an odds ratio or a confidence limit can be infinite), and NaN, R's NA/NaN for an
 * undefined quantity, as null.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export function toJsonValue(value: unknown): JsonValue {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    if (value === Number.POSITIVE_INFINITY) return 'Infinity';
    if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (value === undefined) return null;
  if (Array.isArray(value) || ArrayBuffer.isView(value))
    return Array.from(value as ArrayLike<unknown>, toJsonValue);
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, toJsonValue(v)]));
  throw new TypeError(`cannot represent ${typeof value} as JSON`);
}

/** Bookkeeping fields that say nothing to a reviewer (the event itself carries who and when). */
const IGNORED = new Set(['updatedAt', 'createdAt', 'id', 'participantId']);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The fields that differ between the before and after images of an audit event. Nested objects (a form's item
 * values, a signature) are compared field by field, so a change reads `values.face: 1 → 2`.
 */
export function auditChanges(beforeImage: unknown, afterImage: unknown, prefix = ''): FieldChange[] {
  // Images that are not objects (none, for a read event) compare as empty.
  const before = isPlainObject(beforeImage) ? beforeImage : null;
  const after = isPlainObject(afterImage) ? afterImage : null;
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const key of keys) {
    if (!prefix && IGNORED.has(key)) continue;
    const field = prefix + key;
    const b = before?.[key];
    const a = after?.[key];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    const nested =
      (isPlainObject(b) || isPlainObject(a)) &&
      (isPlainObject(b) || b === null || b === undefined) &&
      (isPlainObject(a) || a === null || a === undefined) &&
      prefix.split('.').length < 3;
    if (nested) {
      changes.push(...auditChanges(b, a, `${field}.`));
    } else changes.push({ field, before: b, after: a });
  }
  return changes;
}

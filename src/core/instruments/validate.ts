import type { FieldIssue, FieldIssueCode } from '../errors.ts';
import {
  MISSING_CODES,
  type InstrumentDefinition,
  type ItemDef,
  type ItemValue,
  type ItemValues,
  type MissingCode,
  type RecordListItem,
  type ScalarValue,
  type SoftRange,
} from './types.ts';

/**
 * Checks raw input against an instrument's items. Hard issues stop the save; soft warnings are saved as flags.
 * Messages name the allowed values, because they reach users (API fields, CLI stderr) verbatim.
 */
export interface ValidatedInput {
  values: ItemValues;
  missingCodes: Record<string, MissingCode>;
  issues: FieldIssue[];
  warnings: FieldIssue[];
}

const isMissingCode = (value: unknown): value is MissingCode =>
  typeof value === 'string' && (MISSING_CODES as readonly string[]).includes(value);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function rangeText(min: number, max: number, exclusiveMin = false): string {
  return `${exclusiveMin ? 'greater than' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}`;
}

/** Describes what an item accepts, for error messages and `--describe`. */
export function allowedValues(item: ItemDef): string {
  switch (item.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer ${rangeText(item.min, item.max)}`;
    case 'number':
      return `a number ${rangeText(item.min, item.max, item.exclusiveMin)}${item.unit ? ` (${item.unit})` : ''}`;
    case 'choice':
      return `one of: ${item.choices.map((c) => c.value).join(', ')}`;
    case 'date':
      return 'a date as YYYY-MM-DD';
    case 'text':
      return `text of at most ${item.maxLength} characters`;
    case 'integer-list':
      return `a list of at most ${item.maxLength} integers, each ${rangeText(item.min, item.max)}`;
    case 'quantity':
      return `{ "value": number, "unit": one of ${Object.keys(item.units).join(', ')} }, ${rangeText(item.min, item.max)} ${item.canonicalUnit}`;
    case 'record-list':
      return `a list of at most ${item.maxLength} records with ${item.fields.map((f) => f.id).join(', ')}`;
  }
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

/** Converts a quantity to its item's canonical unit. */
export function toCanonical(
  item: Extract<ItemDef, { type: 'quantity' }>,
  value: { value: number; unit: string },
): number {
  const conversion = Object.hasOwn(item.units, value.unit) ? item.units[value.unit] : undefined;
  if (conversion === undefined) throw new Error(`unit ${value.unit} not allowed for ${item.id}`);
  return (value.value * conversion.multiply) / conversion.divide;
}

/** A unit as an identifier fragment ("ng/mL" → "ng_ml"): for derived value names and REDCap choice codes. */
export function unitCode(unit: string): string {
  return unit
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The name of a quantity's derived canonical value, e.g. `crp_mg_l`. */
export const canonicalKey = (item: Extract<ItemDef, { type: 'quantity' }>): string =>
  `${item.id}_${unitCode(item.canonicalUnit)}`;

function softWarning(soft: SoftRange | undefined, value: number, path: string): FieldIssue | null {
  if (!soft) return null;
  if ((soft.min !== undefined && value < soft.min) || (soft.max !== undefined && value > soft.max)) {
    return { path, code: 'unusual_value', message: soft.message.en };
  }
  return null;
}

type Check = { value: ItemValue; warning?: FieldIssue | null } | { issue: string; code: FieldIssueCode };

const isFiniteNumber = (raw: unknown): raw is number => typeof raw === 'number' && Number.isFinite(raw);

/** Why an integer is refused: not a number at all, a fraction, or outside its range; null when it is fine. */
function integerProblem(raw: unknown, min: number, max: number): FieldIssueCode | null {
  if (!isFiniteNumber(raw)) return 'invalid_type';
  if (!Number.isInteger(raw)) return 'not_an_integer';
  return raw < min || raw > max ? 'out_of_range' : null;
}

function checkScalar(item: Exclude<ItemDef, RecordListItem>, raw: unknown, path: string): Check {
  // The message names everything the item accepts; the code says which expectation the value missed.
  const fail = (code: FieldIssueCode): Check => ({ issue: `must be ${allowedValues(item)}`, code });
  switch (item.type) {
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : fail('invalid_type');
    case 'integer': {
      const problem = integerProblem(raw, item.min, item.max);
      if (problem) return fail(problem);
      return { value: raw as number, warning: softWarning(item.soft, raw as number, path) };
    }
    case 'number': {
      if (!isFiniteNumber(raw)) return fail('invalid_type');
      if (raw > item.max || (item.exclusiveMin ? raw <= item.min : raw < item.min))
        return fail('out_of_range');
      return { value: raw, warning: softWarning(item.soft, raw, path) };
    }
    case 'choice':
      if (typeof raw !== 'string') return fail('invalid_type');
      return item.choices.some((c) => c.value === raw) ? { value: raw } : fail('invalid_option');
    case 'date':
      if (typeof raw !== 'string') return fail('invalid_type');
      return isIsoDate(raw) ? { value: raw } : fail('pattern');
    case 'text':
      if (typeof raw !== 'string') return fail('invalid_type');
      return raw.length <= item.maxLength ? { value: raw } : fail('too_long');
    case 'integer-list': {
      if (!Array.isArray(raw)) return fail('invalid_type');
      if (raw.length > item.maxLength) return fail('too_long');
      const problem = raw.map((v) => integerProblem(v, item.min, item.max)).find((p) => p !== null);
      return problem ? fail(problem) : { value: raw as number[] };
    }
    case 'quantity': {
      if (!isPlainObject(raw) || !isFiniteNumber(raw.value)) return fail('invalid_type');
      if (Object.keys(raw).some((k) => k !== 'value' && k !== 'unit')) return fail('invalid_type');
      // Own keys only: `in` would also accept inherited names such as "constructor".
      if (typeof raw.unit !== 'string' || !Object.hasOwn(item.units, raw.unit)) return fail('invalid_option');
      const quantity = { value: raw.value, unit: raw.unit };
      const canonical = toCanonical(item, quantity);
      if (canonical < item.min || canonical > item.max) return fail('out_of_range');
      return { value: quantity, warning: softWarning(item.soft, canonical, path) };
    }
  }
}

function checkRecordList(
  item: RecordListItem,
  raw: unknown,
  path: string,
  issues: FieldIssue[],
): ItemValue | undefined {
  if (!Array.isArray(raw) || raw.length > item.maxLength) {
    issues.push({
      path,
      code: Array.isArray(raw) ? 'too_long' : 'invalid_type',
      message: `must be ${allowedValues(item)}`,
    });
    return undefined;
  }
  const records: Record<string, ScalarValue | null>[] = [];
  raw.forEach((entry, index) => {
    if (!isPlainObject(entry)) {
      issues.push({
        path: `${path}[${index}]`,
        code: 'invalid_type',
        message: `must be a record with ${item.fields.map((f) => f.id).join(', ')}`,
      });
      return;
    }
    const record: Record<string, ScalarValue | null> = {};
    for (const key of Object.keys(entry)) {
      if (!item.fields.some((f) => f.id === key)) {
        issues.push({
          path: `${path}[${index}].${key}`,
          code: 'unknown_field',
          message: `unknown field; allowed: ${item.fields.map((f) => f.id).join(', ')}`,
        });
      }
    }
    for (const field of item.fields) {
      const value = entry[field.id];
      const fieldPath = `${path}[${index}].${field.id}`;
      if (value === undefined || value === null) {
        if (!field.optional) {
          issues.push({ path: fieldPath, code: 'required', message: `required: ${allowedValues(field)}` });
        }
        record[field.id] = null;
        continue;
      }
      const checked = checkScalar(field, value, fieldPath);
      if ('issue' in checked) issues.push({ path: fieldPath, code: checked.code, message: checked.issue });
      else record[field.id] = checked.value as ScalarValue;
    }
    records.push(record);
  });
  return records;
}

export function validateItems(definition: InstrumentDefinition, raw: unknown): ValidatedInput {
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const values: Record<string, ItemValue> = {};
  const missingCodes: Record<string, MissingCode> = {};
  if (!isPlainObject(raw)) {
    return {
      values,
      missingCodes,
      issues: [{ path: '', code: 'invalid_type', message: 'must be a JSON object of item values' }],
      warnings,
    };
  }
  const known = new Set(definition.items.map((i) => i.id));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      issues.push({
        path: key,
        code: 'unknown_field',
        message: `unknown item; allowed items: ${definition.items.map((i) => i.id).join(', ')}`,
      });
    }
  }
  for (const item of definition.items) {
    const value = raw[item.id];
    if (value === undefined || value === null) continue;
    if (isMissingCode(value)) {
      missingCodes[item.id] = value;
      continue;
    }
    if (item.type === 'record-list') {
      const records = checkRecordList(item, value, item.id, issues);
      if (records !== undefined) values[item.id] = records;
      continue;
    }
    const checked = checkScalar(item, value, item.id);
    if ('issue' in checked) {
      issues.push({
        path: item.id,
        code: checked.code,
        message: `${checked.issue}, or a missing-data code (${MISSING_CODES.join(', ')})`,
      });
    } else {
      values[item.id] = checked.value;
      if (checked.warning) warnings.push(checked.warning);
    }
  }
  if (issues.length === 0 && definition.crossCheck) issues.push(...definition.crossCheck(values));
  return { values, missingCodes, issues, warnings };
}

/** Required items that are absent or carry a missing-data code, in definition order. */
export function missingItems(definition: InstrumentDefinition, values: ItemValues): string[] {
  return definition.items.filter((i) => !i.optional && values[i.id] === undefined).map((i) => i.id);
}

/**
 * What stands between a form and "complete": every required item needs a value or a missing-data code,
 * so that no blank is ever stored as complete.
 */
export function completionIssues(definition: InstrumentDefinition, input: ValidatedInput): FieldIssue[] {
  return missingItems(definition, input.values)
    .filter((id) => !(id in input.missingCodes))
    .map((id) => ({
      path: id,
      code: 'required',
      message: 'required to mark the form complete: answer it or give a missing-data code',
    }));
}

/** Removes directly identifying items, for roles that may not see identity; says which were removed. */
export function withoutIdentifyingItems(
  definition: InstrumentDefinition,
  values: ItemValues,
): { values: ItemValues; masked: string[] } {
  const masked = definition.items.filter((i) => i.identifying && values[i.id] !== undefined).map((i) => i.id);
  return {
    values: Object.fromEntries(Object.entries(values).filter(([id]) => !masked.includes(id))),
    masked,
  };
}

/**
 * What the user types into an eCRF form, and how it becomes the values the API takes.
 *
 * The form keeps every answer as the user typed it (strings), so nothing is lost or reformatted while typing. The
 * conversion to API values only parses: it never judges. A value that cannot be parsed is passed on as typed, and
 * the shared `validateItems` of src/core/instruments/validate.ts rejects it with the allowed values, exactly as the
 * server will: the rules live in the definitions and are never restated here.
 */
import type { FieldIssue } from '../../../src/core/errors.ts';
import {
  MISSING_CODES,
  type InstrumentDefinition,
  type ItemDef,
  type ItemValue,
  type ItemValues,
  type MissingCode,
  type RecordListItem,
} from '../../../src/core/instruments/types.ts';
import { validateItems, type ValidatedInput } from '../../../src/core/instruments/validate.ts';

/** A field of a repeating record (treatment lines): scalar items only. */
export type FieldDef = RecordListItem['fields'][number];
export type RawRecord = Record<string, string>;
export interface RawQuantity {
  value: string;
  unit: string;
}
/** Scalars as typed (booleans as 'true'/'false'), quantities as value + unit, lists as rows (null: not answered). */
export type RawValue = string | RawQuantity | RawRecord[] | null;

export interface FormInput {
  values: Record<string, RawValue>;
  /** Items given a missing-data code instead of a value. */
  codes: Record<string, MissingCode>;
}

export function isMissingCode(value: unknown): value is MissingCode {
  return typeof value === 'string' && (MISSING_CODES as readonly string[]).includes(value);
}

function emptyValue(item: ItemDef): RawValue {
  if (item.type === 'quantity') return { value: '', unit: '' };
  if (item.type === 'record-list') return null;
  return '';
}

export function emptyRecord(item: RecordListItem): RawRecord {
  return Object.fromEntries(item.fields.map((f) => [f.id, '']));
}

export function emptyInput(definition: InstrumentDefinition): FormInput {
  return { values: Object.fromEntries(definition.items.map((i) => [i.id, emptyValue(i)])), codes: {} };
}

function scalarToRaw(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

function storedToRaw(item: ItemDef, value: ItemValue | undefined): RawValue {
  if (value === undefined) return emptyValue(item);
  switch (item.type) {
    case 'integer-list':
      return Array.isArray(value) ? (value as number[]).join(' ') : '';
    case 'quantity':
      return value && typeof value === 'object' && 'unit' in value
        ? { value: scalarToRaw(value.value), unit: value.unit }
        : { value: '', unit: '' };
    case 'record-list':
      return Array.isArray(value)
        ? (value as Record<string, unknown>[]).map((record) =>
            Object.fromEntries(item.fields.map((f) => [f.id, scalarToRaw(record[f.id])])),
          )
        : null;
    default:
      return scalarToRaw(value);
  }
}

/** The stored values and missing-data codes of a record, as form input. */
export function inputFromStored(
  definition: InstrumentDefinition,
  values: ItemValues,
  missingCodes: Readonly<Record<string, MissingCode>>,
): FormInput {
  const codes: Record<string, MissingCode> = {};
  for (const [id, code] of Object.entries(missingCodes)) if (isMissingCode(code)) codes[id] = code;
  return {
    values: Object.fromEntries(definition.items.map((i) => [i.id, storedToRaw(i, values[i.id])])),
    codes,
  };
}

const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** A typed number: digits with a decimal point or comma (French). Anything else stays text, for validation. */
export function parseNumber(text: string): number | string {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed.replace(',', '.')) : trimmed;
}

/** Converts one typed scalar; undefined means "no answer". */
function scalarToApi(item: FieldDef | ItemDef, raw: string): unknown {
  const text = raw.trim();
  if (text === '') return undefined;
  switch (item.type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'integer':
    case 'number':
      return parseNumber(text);
    case 'integer-list':
      return text
        .split(/[\s;,]+/)
        .filter(Boolean)
        .map(parseNumber);
    case 'text':
      return raw.trim();
    default:
      return text;
  }
}

function valueToApi(item: ItemDef, raw: RawValue): unknown {
  if (raw === null) return undefined;
  if (item.type === 'record-list') {
    if (!Array.isArray(raw)) return undefined;
    return raw.map((row) => {
      const record: Record<string, unknown> = {};
      for (const field of item.fields) {
        const value = scalarToApi(field, row[field.id] ?? '');
        if (value !== undefined) record[field.id] = value;
      }
      return record;
    });
  }
  if (item.type === 'quantity') {
    if (typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    if (raw.value.trim() === '') return undefined;
    return { value: parseNumber(raw.value), unit: raw.unit };
  }
  return typeof raw === 'string' ? scalarToApi(item, raw) : undefined;
}

/** The `values` of a save: each answered item's value, or its missing-data code; unanswered items are left out. */
export function toApiValues(definition: InstrumentDefinition, input: FormInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of definition.items) {
    const code = input.codes[item.id];
    if (code) {
      out[item.id] = code;
      continue;
    }
    const value = valueToApi(item, input.values[item.id] ?? emptyValue(item));
    if (value !== undefined) out[item.id] = value;
  }
  return out;
}

/** The shared validation of the definitions, run on what is typed. */
export function validateInput(definition: InstrumentDefinition, input: FormInput): ValidatedInput {
  return validateItems(definition, toApiValues(definition, input));
}

/** The item an issue path belongs to: `face`, `immunosuppressants[0].drug` → `immunosuppressants`. */
export function itemOfPath(path: string): string {
  return path.replace(/^values\./, '').split(/[[.]/)[0] ?? '';
}

/** Issues grouped by the exact path (without a `values.` prefix). */
export function issuesByPath(issues: readonly Pick<FieldIssue, 'path' | 'message'>[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const path = issue.path.replace(/^values\./, '');
    map.set(path, [...(map.get(path) ?? []), issue.message]);
  }
  return map;
}

export function sameRaw(a: RawValue | undefined, b: RawValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Whether an item holds the same answer (value and missing-data code) in two inputs. */
export function sameItem(a: FormInput, b: FormInput, id: string): boolean {
  return a.codes[id] === b.codes[id] && sameRaw(a.values[id], b.values[id]);
}

export function sameInput(definition: InstrumentDefinition, a: FormInput, b: FormInput): boolean {
  return definition.items.every((i) => sameItem(a, b, i.id));
}

/** The items whose answer differs between two inputs. */
export function changedItems(definition: InstrumentDefinition, a: FormInput, b: FormInput): string[] {
  return definition.items.filter((i) => !sameItem(a, b, i.id)).map((i) => i.id);
}

/**
 * The record changed on the server (reloaded after a conflict): items the user has not touched take the new
 * values, items the user changed keep what was typed.
 */
export function rebaseInput(
  definition: InstrumentDefinition,
  current: FormInput,
  oldBase: FormInput,
  newBase: FormInput,
): FormInput {
  const next: FormInput = { values: { ...current.values }, codes: { ...current.codes } };
  for (const item of definition.items) {
    if (!sameItem(current, oldBase, item.id)) continue;
    next.values[item.id] = newBase.values[item.id] ?? emptyValue(item);
    const code = newBase.codes[item.id];
    if (code) next.codes[item.id] = code;
    else delete next.codes[item.id];
  }
  return next;
}

/** Drafts never hold directly identifying items (they live in sessionStorage). */
export function draftOf(definition: InstrumentDefinition, input: FormInput): FormInput {
  const values: Record<string, RawValue> = {};
  const codes: Record<string, MissingCode> = {};
  for (const item of definition.items) {
    if (item.identifying) continue;
    values[item.id] = input.values[item.id] ?? emptyValue(item);
    const code = input.codes[item.id];
    if (code) codes[item.id] = code;
  }
  return { values, codes };
}

function rawFits(item: ItemDef, value: unknown): value is RawValue {
  if (item.type === 'record-list')
    return (
      value === null ||
      (Array.isArray(value) &&
        value.every(
          (row) =>
            row !== null &&
            typeof row === 'object' &&
            Object.values(row as object).every((v) => typeof v === 'string'),
        ))
    );
  if (item.type === 'quantity')
    return (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as RawQuantity).value === 'string' &&
      typeof (value as RawQuantity).unit === 'string'
    );
  return typeof value === 'string';
}

/**
 * A draft read back from storage, laid over the record: only well-formed entries of known, non-identifying items
 * are taken, so a draft from an older definition cannot break the form.
 */
export function restoreDraft(
  definition: InstrumentDefinition,
  base: FormInput,
  draft: unknown,
): FormInput | null {
  if (!draft || typeof draft !== 'object') return null;
  const { values, codes } = draft as { values?: unknown; codes?: unknown };
  if (!values || typeof values !== 'object') return null;
  const next: FormInput = { values: { ...base.values }, codes: { ...base.codes } };
  for (const item of definition.items) {
    if (item.identifying) continue;
    const value = (values as Record<string, unknown>)[item.id];
    if (value !== undefined && rawFits(item, value)) next.values[item.id] = value;
    const code = codes && typeof codes === 'object' ? (codes as Record<string, unknown>)[item.id] : undefined;
    if (isMissingCode(code)) next.codes[item.id] = code;
    else delete next.codes[item.id];
  }
  return next;
}

/**
 * Items grouped under their section heading, sections in order of first appearance and items in definition order
 * within each: a section is never split in two (ACR/EULAR lists Raynaud's, a vascular item, after the lung items).
 */
export interface ItemGroup {
  key: string;
  section: ItemDef['section'];
  items: ItemDef[];
}

export function groupBySection(items: readonly ItemDef[]): ItemGroup[] {
  const groups: ItemGroup[] = [];
  for (const item of items) {
    const name = item.section?.en ?? '';
    const group = groups.find((g) => (g.section?.en ?? '') === name);
    if (group) group.items.push(item);
    else groups.push({ key: `${groups.length}:${name}`, section: item.section, items: [item] });
  }
  return groups;
}

/** The help every item of a group shares (the mRSS scale), said once above the group rather than on each item. */
export function sharedHelp(items: readonly ItemDef[]): ItemDef['help'] {
  const first = items[0]?.help;
  if (items.length < 2 || !first) return undefined;
  return items.every((i) => i.help?.en === first.en && i.help?.fr === first.fr) ? first : undefined;
}

/** The printed answers every item of a group shares (HAQ: 0 "without any difficulty"…), listed once. */
export function sharedLevels(items: readonly ItemDef[]): Extract<ItemDef, { type: 'integer' }>['levels'] {
  const first = items[0]?.type === 'integer' ? items[0].levels : undefined;
  if (items.length < 2 || !first) return undefined;
  const key = JSON.stringify(first);
  return items.every((i) => i.type === 'integer' && JSON.stringify(i.levels) === key) ? first : undefined;
}

/** The small integer scales (mRSS 0-3, HAQ 0-3, CHFS 0-5) are typed as one digit. */
export function isDigitScale(item: ItemDef): boolean {
  return item.type === 'integer' && item.min >= 0 && item.max <= 9;
}

import { stringify } from 'csv-stringify/sync';
import type { LocalizedText } from '../../instruments/types.ts';

/**
 * The tidy CSV export's model: a table is one observation level (one CSV file) with its variables described for the
 * codebook and the R and SPSS loaders, and its rows as cells in variable order.
 */

/** Numbers stay numbers; text is written as text; null is an empty cell (missing). */
export type Cell = string | number | null;

/** How a column is read: integers and numbers numerically, dates as ISO `YYYY-MM-DD`, the rest as text. */
export type VariableType = 'integer' | 'number' | 'date' | 'string';

export interface ValueLabel {
  code: string | number;
  label: LocalizedText;
}

export interface Variable {
  name: string;
  label: LocalizedText;
  type: VariableType;
  unit?: string;
  /** The allowed values with their labels (coded variables). */
  values?: readonly ValueLabel[];
  /** The `<item>_missing` column that says why this variable is empty, when it can be. */
  missingColumn?: string;
  /** This column holds missing-data codes (NASK, UNK, NA, ND) for `missingFor`. */
  missingFor?: string;
  /** Where the variable comes from: an instrument and its version, or a Manus record. */
  source: string;
  /** Free text: may hold anything a person typed, identifying details included; review before sharing. */
  freeText?: boolean;
  /** Directly identifying (identified exports only). */
  identifying?: boolean;
}

export interface Table {
  /** File name without `.csv`; may contain one `/` (forms/…). */
  name: string;
  title: LocalizedText;
  /** One row per … (the observation level). */
  level: LocalizedText;
  variables: Variable[];
  rows: Cell[][];
}

/**
 * Spreadsheets run text that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) as a formula: such text
 * gets a leading apostrophe. Text that already starts with an apostrophe gets one too, so a reader removes exactly
 * one leading apostrophe from any text cell to get the value back (`unguardText`). Numbers are never
 * touched: a negative number stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

export const guardText = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

export const unguardText = (text: string): string => (text.startsWith("'") ? text.slice(1) : text);

/** RFC 4180 CSV, UTF-8, comma, LF line ends, header row; empty cell for null. */
export function tableCsv(table: Table, options: { flattenNewlines?: boolean } = {}): string {
  const cell = (value: Cell): string => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const guarded = guardText(value);
    return options.flattenNewlines ? guarded.replace(/\r\n|\r|\n/g, ' ') : guarded;
  };
  return stringify([table.variables.map((v) => v.name), ...table.rows.map((row) => row.map(cell))], {
    record_delimiter: 'unix',
  });
}

export const hasNewline = (table: Table): boolean =>
  table.rows.some((row) => row.some((c) => typeof c === 'string' && /[\r\n]/.test(c)));

/**
 * The one CSV cell writer of Manus (RFC 4180 quoting plus spreadsheet-formula neutralisation), used by every CSV
 * export so that none of them can be opened as live formulas (CWE-1236, OWASP "CSV Injection").
 *
 * A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets skip before
 * reading such a sign) is prefixed with an apostrophe, which spreadsheets show as text and do not evaluate. A plain
 * number (`-3`, `+0.5`, `-1e-3`) is left as it is: spreadsheets read it as a number, never as a formula, and
 * REDCap's validation minima are negative numbers. The JSON exports stay lossless.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV cell: neutralised, then quoted when it holds a comma, quote or line break (quotes doubled). */
export function csvCell(text: string): string {
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

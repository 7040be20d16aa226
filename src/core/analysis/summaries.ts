/** Descriptive summaries and the between-arm tests the tables share, each computed as R does (src/core/stats). */
import { describe } from '../stats/describe.ts';
import { chiSquare } from '../stats/chi-square.ts';
import { fisherPValue2x2 } from '../stats/fisher.ts';
import { fisherRxcPValue } from '../stats/fisher-rxc.ts';
import { mannWhitney } from '../stats/mann-whitney.ts';
import type { ContinuousSummary } from './types.ts';

/** Summary of values with null counted as missing; NaN (sd of one value) reported as null. */
export function summarise(values: readonly (number | null)[]): ContinuousSummary {
  const present = values.filter((v): v is number => v !== null);
  const missing = values.length - present.length;
  if (present.length === 0)
    return { n: 0, missing, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
  const d = describe({ x: present });
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    n: d.n,
    missing,
    mean: d.mean,
    sd: finite(d.sd),
    median: d.median,
    q1: d.q1,
    q3: d.q3,
    min: d.min,
    max: d.max,
  };
}

/** Mann-Whitney p of two samples (wilcox.test defaults), null when either is empty. */
export function mannWhitneyP(x: readonly number[], y: readonly number[]): number | null {
  if (x.length === 0 || y.length === 0) return null;
  const p = mannWhitney({ x: [...x], y: [...y] }).pValue;
  return Number.isFinite(p) ? p : null;
}

/** Above this many observations an r x c table is tested by chi-square: the exact network algorithm grows too slow. */
export const EXACT_RXC_LIMIT = 1000;

/**
 * Independence of a table of counts (rows: arms; columns: categories), columns with no count dropped: Fisher's
 * exact test (2 x 2 in one pass, r x c by the network algorithm up to EXACT_RXC_LIMIT observations), else
 * Pearson's chi-square. Null when fewer than two categories or two rows are observed.
 */
export function tableTest(
  table: readonly (readonly number[])[],
): { test: 'fisher' | 'chi-square'; pValue: number } | null {
  const columns = (table[0] ?? []).map((_, j) => j).filter((j) => table.some((row) => (row[j] ?? 0) > 0));
  const rows = table.filter((row) => row.some((v) => v > 0)).map((row) => columns.map((j) => row[j] ?? 0));
  if (rows.length < 2 || columns.length < 2) return null;
  const total = rows.flat().reduce((s, v) => s + v, 0);
  if (rows.length === 2 && columns.length === 2) {
    const [[a, b], [c, d]] = rows as [[number, number], [number, number]];
    return { test: 'fisher', pValue: fisherPValue2x2(a, b, c, d) };
  }
  if (total <= EXACT_RXC_LIMIT) return { test: 'fisher', pValue: fisherRxcPValue(rows) };
  return { test: 'chi-square', pValue: chiSquare({ table: rows, correct: false }).pValue };
}

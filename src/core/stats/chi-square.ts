import { z } from 'zod';
import { invalid } from '../errors.ts';
import { pchisqUpper } from './distributions.ts';
import { countTable } from './schemas.ts';

export const chiSquareInput = z.strictObject({
  table: countTable,
  correct: z.boolean({ message: 'must be true or false' }).default(true),
});

export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
  expected: number[][];
  /** Whether Yates' continuity correction was applied (only ever to a 2 x 2 table, as in R). */
  correct: boolean;
  warning: string | null;
}

/**
 * Pearson's chi-square test of independence, as R's chisq.test() on a matrix: Yates' correction only for 2 x 2
 * (and never larger than |O - E|), R's warning when an expected count is below 5. A row or column of zeros gives
 * expected counts of 0 and an undefined statistic (NaN, written as null), exactly as in R.
 */
export function chiSquare(input: z.output<typeof chiSquareInput>): ChiSquareResult {
  const { table } = input;
  const rows = table.length;
  const cols = table[0]?.length ?? 0;
  const rowSums = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((s, row) => s + (row[j] as number), 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  if (total === 0)
    throw invalid('The table holds no observations', [
      { path: 'table', code: 'rule', message: 'at least one count must be positive' },
    ]);
  const expected = rowSums.map((r) => colSums.map((c) => (r * c) / total));
  const correct = input.correct && rows === 2 && cols === 2;
  let yates = 0;
  if (correct) {
    let smallest = 0.5;
    table.forEach((row, i) =>
      row.forEach((o, j) => {
        smallest = Math.min(smallest, Math.abs(o - (expected[i]?.[j] as number)));
      }),
    );
    yates = smallest;
  }
  let statistic = 0;
  table.forEach((row, i) =>
    row.forEach((o, j) => {
      const e = expected[i]?.[j] as number;
      statistic += (Math.abs(o - e) - yates) ** 2 / e;
    }),
  );
  const df = (rows - 1) * (cols - 1);
  const pValue = Number.isNaN(statistic) ? Number.NaN : pchisqUpper(statistic, df);
  const small = expected.some((row) => row.some((e) => e < 5 || Number.isNaN(e)));
  return {
    statistic,
    df,
    pValue,
    expected,
    correct,
    warning: small ? 'Chi-squared approximation may be incorrect' : null,
  };
}

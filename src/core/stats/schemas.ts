import { z } from 'zod';

/**
 * Input building blocks shared by every test. Messages reach users verbatim (CLI stderr, API error fields), so
 * each one says what is allowed. Objects are strict: a misspelt option must fail rather than be silently ignored.
 */

/**
 * Input bounds from the study's scale (tens to thousands of participants, each seen a few times). They sit well
 * above any analysis the study needs and keep the slowest test on the largest accepted input within seconds
 * (Kendall's tau is quadratic in the number of values; Fisher's 2 x 2 test is linear in the table's total). They
 * appear in each test's JSON Schema (maxItems, maximum), so a client can see them before sending.
 */
export const STATS_LIMITS = {
  /** Values in one sample or vector: participants x visits, with room. */
  values: 10_000,
  /** A count (a cell of a table, a number of trials), and the total of a table. */
  count: 100_000,
  /** Rows or columns of a contingency table. */
  tableSide: 20,
  /** Predictors of a regression, raters of an ICC, categories of a kappa. */
  columns: 20,
  categories: 50,
  /** Characters of a name or a category label. */
  label: 200,
} as const;

export const finiteNumber = z.number({ message: 'must be a finite number' });

/** An array of at most STATS_LIMITS.values elements; `message` says what the array must be. */
export const vector = <T extends z.ZodType>(element: T, message: string) =>
  z.array(element, { message }).max(STATS_LIMITS.values, `must hold at most ${STATS_LIMITS.values} values`);

export const sample = (minimum: number) =>
  vector(finiteNumber, 'must be an array of numbers').min(
    minimum,
    `must hold at least ${minimum} value${minimum === 1 ? '' : 's'}`,
  );

export const count = z
  .number({ message: 'must be a count (a non-negative integer)' })
  .int('must be a count (a non-negative integer)')
  .min(0, 'must be a count (a non-negative integer)')
  .max(STATS_LIMITS.count, `must be a count of at most ${STATS_LIMITS.count}`);

export const positiveCount = count.min(1, 'must be a positive integer');

/** A category label or predictor name: short text. */
export const label = z.string().max(STATS_LIMITS.label, `must be at most ${STATS_LIMITS.label} characters`);

export const level = z
  .number({ message: 'must be a confidence level between 0 and 1, e.g. 0.95' })
  .gt(0, 'must be a confidence level between 0 and 1, e.g. 0.95')
  .lt(1, 'must be a confidence level between 0 and 1, e.g. 0.95')
  .default(0.95);

const side = STATS_LIMITS.tableSide;

/**
 * A contingency table: 2 to 20 rows and columns of counts, every row the same length, and at most 100,000
 * observations in all.
 */
export const countTable = z
  .array(
    z.array(count, { message: 'must be an array of counts' }).max(side, `must have at most ${side} columns`),
    { message: 'must be a table: an array of rows, each an array of counts' },
  )
  .min(2, 'must have at least 2 rows')
  .max(side, `must have at most ${side} rows`)
  .superRefine((rows, ctx) => {
    const width = rows[0]?.length ?? 0;
    if (width < 2) ctx.addIssue({ code: 'custom', path: [0], message: 'must have at least 2 columns' });
    rows.forEach((row, i) => {
      if (row.length !== width)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `has ${row.length} columns but row 0 has ${width}: every row must have the same length`,
        });
    });
    const total = rows.reduce((sum, row) => row.reduce((s, v) => s + v, sum), 0);
    if (total > STATS_LIMITS.count)
      ctx.addIssue({
        code: 'custom',
        message: `holds ${total} observations in all: at most ${STATS_LIMITS.count} are accepted`,
      });
  })
  .describe(
    `A contingency table of counts: 2 to ${side} rows of 2 to ${side} columns, at most ${STATS_LIMITS.count} observations in all`,
  );

/** Refinement for paired samples: x and y must have the same length. */
export function sameLength(
  value: { x: readonly unknown[]; y: readonly unknown[] },
  ctx: z.RefinementCtx,
): void {
  if (value.x.length !== value.y.length)
    ctx.addIssue({
      code: 'custom',
      path: ['y'],
      message: `must have the same length as x (x has ${value.x.length} values, y has ${value.y.length})`,
    });
}

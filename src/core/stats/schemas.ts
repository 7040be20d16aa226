import { z } from 'zod';

/**
 * Input building blocks shared by every test. Messages reach users verbatim (CLI stderr, API error fields), so
 * each one says what is allowed. Objects are strict: a misspelt option must fail rather than be silently ignored.
 */

export const finiteNumber = z.number({ message: 'must be a finite number' });

export const sample = (minimum: number) =>
  z
    .array(finiteNumber, { message: 'must be an array of numbers' })
    .min(minimum, `must hold at least ${minimum} value${minimum === 1 ? '' : 's'}`);

export const count = z
  .number({ message: 'must be a count (a non-negative integer)' })
  .int('must be a count (a non-negative integer)')
  .min(0, 'must be a count (a non-negative integer)');

export const positiveCount = count.min(1, 'must be a positive integer');

export const level = z
  .number({ message: 'must be a confidence level between 0 and 1, e.g. 0.95' })
  .gt(0, 'must be a confidence level between 0 and 1, e.g. 0.95')
  .lt(1, 'must be a confidence level between 0 and 1, e.g. 0.95')
  .default(0.95);

/** A contingency table: at least 2 rows and 2 columns of counts, every row the same length. */
export const countTable = z
  .array(z.array(count, { message: 'must be an array of counts' }), {
    message: 'must be a table: an array of rows, each an array of counts',
  })
  .min(2, 'must have at least 2 rows')
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
  });

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

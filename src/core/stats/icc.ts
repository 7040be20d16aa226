import { z } from 'zod';
import { invalid } from '../errors.ts';
import { pfUpper, qf } from './distributions.ts';
import { finiteNumber, level, STATS_LIMITS, vector } from './schemas.ts';

export const iccInput = z
  .strictObject({
    ratings: vector(
      z
        .array(finiteNumber, { message: 'must be an array of ratings, one per rater' })
        .max(STATS_LIMITS.columns, `must hold at most ${STATS_LIMITS.columns} ratings (raters)`),
      'must be an array of subjects, each an array of ratings (one per rater)',
    ).min(2, 'must hold at least 2 subjects'),
    level,
  })
  .superRefine((value, ctx) => {
    const raters = value.ratings[0]?.length ?? 0;
    if (raters < 2)
      ctx.addIssue({ code: 'custom', path: ['ratings', 0], message: 'needs at least 2 raters' });
    value.ratings.forEach((row, i) => {
      if (row.length !== raters)
        ctx.addIssue({
          code: 'custom',
          path: ['ratings', i],
          message: `has ${row.length} ratings but subject 0 has ${raters}: every subject needs one rating per rater`,
        });
    });
  });

export interface IccResult {
  /** ICC(2,1): single rater, two-way random effects, absolute agreement. */
  icc21: number;
  /** ICC(2,k): mean of the k raters. */
  icc2k: number;
  ci: { icc21: [number, number]; icc2k: [number, number] };
  level: number;
  /** F test of subjects against residual (MSR/MSE), as psych::ICC reports for ICC2. */
  F: number;
  df1: number;
  df2: number;
  pValue: number;
  subjects: number;
  raters: number;
}

/**
 * Shrout & Fleiss (Psychol. Bull. 86 (1979) 420-428) ICC(2,1) and ICC(2,k) from the two-way ANOVA mean squares,
 * with the confidence limits of McGraw & Wong (Psychol. Methods 1 (1996) 30-46, table 7), exactly as
 * psych::ICC computes them (ANOVA route, lmer = FALSE); for complete data lmer's REML variance components give
 * the same values whenever they are positive.
 */
export function icc(input: z.output<typeof iccInput>): IccResult {
  const data = input.ratings;
  const n = data.length;
  const k = data[0]?.length ?? 0;
  const grand = data.flat().reduce((s, v) => s + v, 0) / (n * k);
  const rowMeans = data.map((row) => row.reduce((s, v) => s + v, 0) / k);
  const colMeans = Array.from(
    { length: k },
    (_, j) => data.reduce((s, row) => s + (row[j] as number), 0) / n,
  );
  const ssRows = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  let ssError = 0;
  data.forEach((row, i) =>
    row.forEach((v, j) => {
      ssError += (v - (rowMeans[i] as number) - (colMeans[j] as number) + grand) ** 2;
    }),
  );
  const msb = ssRows / (n - 1);
  const msj = ssCols / (k - 1);
  const mse = ssError / ((n - 1) * (k - 1));
  if (!(mse > 0) && !(msb > 0))
    throw invalid('The ratings do not vary: the ICC is undefined', [
      { path: 'ratings', code: 'rule', message: 'must not all be equal' },
    ]);
  const icc21 = (msb - mse) / (msb + (k - 1) * mse + (k * (msj - mse)) / n);
  const icc2k = (msb - mse) / (msb + (msj - mse) / n);
  const F = msb / mse;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const alpha = 1 - input.level;
  // psych's Satterthwaite df; when the raters are perfectly consistent (MSE = 0) Fj = MSJ/MSE is infinite and
  // v takes its limit, k - 1, where R's aov would return rounding noise instead of 0.
  const fj = msj / mse;
  const a = n * (1 + (k - 1) * icc21) - k * icc21;
  const v =
    mse > 0
      ? ((k - 1) * (n - 1) * (k * icc21 * fj + a) ** 2) / ((n - 1) * k ** 2 * icc21 ** 2 * fj ** 2 + a ** 2)
      : k - 1;
  const fUpper = qf(1 - alpha / 2, n - 1, v);
  const fLower = qf(1 - alpha / 2, v, n - 1);
  const lower = (n * (msb - fUpper * mse)) / (fUpper * (k * msj + (k * n - k - n) * mse) + n * msb);
  const upper = (n * (fLower * msb - mse)) / (k * msj + (k * n - k - n) * mse + n * fLower * msb);
  const average = (single: number) => (single * k) / (1 + single * (k - 1));
  return {
    icc21,
    icc2k,
    ci: { icc21: [lower, upper], icc2k: [average(lower), average(upper)] },
    level: input.level,
    F,
    df1,
    df2,
    pValue: pfUpper(F, df1, df2),
    subjects: n,
    raters: k,
  };
}

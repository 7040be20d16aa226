import { z } from 'zod';
import { invalid } from '../errors.ts';
import { qnorm } from './distributions.ts';
import { label, level, STATS_LIMITS, vector } from './schemas.ts';

const rating = z.union([label, z.number()], { message: 'must be a category: a string or a number' });

export const WEIGHTS = ['none', 'linear', 'quadratic'] as const;

export const cohenKappaInput = z
  .strictObject({
    rater1: vector(rating, 'must be an array of ratings').min(2, 'must hold at least 2 ratings'),
    rater2: vector(rating, 'must be an array of ratings'),
    weights: z.enum(WEIGHTS, { message: `must be one of: ${WEIGHTS.join(', ')}` }).default('none'),
    categories: z
      .array(rating, { message: 'must be an array of categories, in order' })
      .max(STATS_LIMITS.categories, `must hold at most ${STATS_LIMITS.categories} categories`)
      .optional(),
    level,
  })
  .superRefine((value, ctx) => {
    if (value.rater1.length !== value.rater2.length)
      ctx.addIssue({
        code: 'custom',
        path: ['rater2'],
        message: `must have the same length as rater1 (${value.rater1.length} ratings, not ${value.rater2.length})`,
      });
    if (value.categories && new Set(value.categories.map(String)).size !== value.categories.length)
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'must not repeat a category' });
    // The agreement table is categories x categories: its size is bounded whatever the ratings.
    const used = new Set([...value.rater1, ...value.rater2].map(String)).size;
    if (used > STATS_LIMITS.categories)
      ctx.addIssue({
        code: 'custom',
        path: ['rater1'],
        message: `the ratings use ${used} distinct categories: at most ${STATS_LIMITS.categories} are accepted`,
      });
  });

export interface KappaResult {
  kappa: number;
  se: number;
  ci: [number, number];
  level: number;
  weights: (typeof WEIGHTS)[number];
  categories: (string | number)[];
  n: number;
  observedAgreement: number;
  expectedAgreement: number;
  warning: string | null;
}

/**
 * Cohen's kappa (Cohen 1960) and weighted kappa (Cohen 1968) with agreement weights 1 - |i - j|/(k - 1) or
 * 1 - (i - j)^2/(k - 1)^2 over the ordered categories. The standard error is the large-sample (non-null) one of
 * Fleiss, Cohen & Everitt, Psychol. Bull. 72 (1969) 323-327, which psych::cohen.kappa reports for unweighted
 * kappa; psych's weighted variance mixes up the row and column marginal weights (it can even go negative), so
 * weighted kappa follows the paper. The interval is kappa +/- z se, clipped to [-1, 1] as psych does.
 */
export function cohenKappa(input: z.output<typeof cohenKappaInput>): KappaResult {
  const categories = input.categories ?? defaultCategories([...input.rater1, ...input.rater2], input.weights);
  const index = new Map(categories.map((c, i) => [String(c), i]));
  const k = categories.length;
  const n = input.rater1.length;
  const p = Array.from({ length: k }, () => new Float64Array(k));
  const locate = (field: 'rater1' | 'rater2', value: string | number, i: number): number => {
    const at = index.get(String(value));
    if (at === undefined)
      throw invalid(`Rating ${JSON.stringify(value)} is not one of the categories`, [
        {
          path: `${field}.${i}`,
          code: 'invalid_option',
          message: `must be one of: ${categories.map(String).join(', ')}`,
        },
      ]);
    return at;
  };
  // Counts first, proportions after: adding 1/n n times drifts (28 × 1/28 is not 1), and a single-category table
  // must give an expected agreement of exactly 1 for kappa to be undefined, as in R.
  input.rater1.forEach((value, i) => {
    const a = locate('rater1', value, i);
    const b = locate('rater2', input.rater2[i] as string | number, i);
    (p[a] as Float64Array)[b] = ((p[a] as Float64Array)[b] as number) + 1;
  });
  for (const row of p) for (let j = 0; j < k; j++) row[j] = (row[j] as number) / n;
  const w = (i: number, j: number): number => {
    if (input.weights === 'none' || k === 1) return i === j ? 1 : 0;
    const d = Math.abs(i - j) / (k - 1);
    return input.weights === 'linear' ? 1 - d : 1 - d * d;
  };
  const rows = p.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = Array.from({ length: k }, (_, j) => p.reduce((s, row) => s + (row[j] as number), 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      po += w(i, j) * ((p[i] as Float64Array)[j] as number);
      pe += w(i, j) * (rows[i] as number) * (cols[j] as number);
    }
  const kappa = (po - pe) / (1 - pe);
  // wRow[i] = sum_j p.j w_ij, wCol[j] = sum_i pi. w_ij (Fleiss, Cohen & Everitt's wbar_i. and wbar_.j).
  const wRow = Array.from({ length: k }, (_, i) => cols.reduce((s, c, j) => s + c * w(i, j), 0));
  const wCol = Array.from({ length: k }, (_, j) => rows.reduce((s, r, i) => s + r * w(i, j), 0));
  let sum = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const term = w(i, j) * (1 - pe) - ((wRow[i] as number) + (wCol[j] as number)) * (1 - po);
      sum += ((p[i] as Float64Array)[j] as number) * term * term;
    }
  const varianceKappa = (sum - (po * pe - 2 * pe + po) ** 2) / (n * (1 - pe) ** 4);
  const se = Math.sqrt(Math.max(0, varianceKappa));
  const z = qnorm((1 + input.level) / 2);
  const clip = (v: number) => Math.max(-1, Math.min(1, v));
  return {
    kappa,
    se,
    ci: [clip(kappa - z * se), clip(kappa + z * se)],
    level: input.level,
    weights: input.weights,
    categories,
    n,
    observedAgreement: po,
    expectedAgreement: pe,
    warning: pe === 1 ? 'kappa is undefined: both raters used a single category throughout' : null,
  };
}

/** Sorted distinct ratings; string ratings have no natural order, so weighting them needs explicit categories. */
function defaultCategories(
  ratings: (string | number)[],
  weights: (typeof WEIGHTS)[number],
): (string | number)[] {
  if (ratings.every((r) => typeof r === 'number')) return [...new Set(ratings)].sort((a, b) => a - b);
  if (weights !== 'none')
    throw invalid('Weighted kappa needs the order of the categories', [
      {
        path: 'categories',
        code: 'required',
        message: 'required when ratings are strings and weights are linear or quadratic',
      },
    ]);
  return [...new Set(ratings.map(String))].sort();
}

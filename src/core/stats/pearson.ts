import { z } from 'zod';
import { correlation } from './descriptive.ts';
import { pt, qnorm } from './distributions.ts';
import { level, sameLength, sample } from './schemas.ts';

export const pearsonInput = z.strictObject({ x: sample(3), y: sample(3), level }).superRefine(sameLength);

export interface PearsonResult {
  r: number;
  statistic: number;
  df: number;
  pValue: number;
  /** Fisher z interval; null for n = 3, where R gives none. */
  ci: [number, number] | null;
  level: number;
}

/** Pearson's product-moment correlation test, two-sided, as R's cor.test(): t with n - 2 df, Fisher z interval. */
export function pearson(input: z.output<typeof pearsonInput>): PearsonResult {
  const n = input.x.length;
  const r = correlation(input.x, input.y);
  const df = n - 2;
  const statistic = (Math.sqrt(df) * r) / Math.sqrt(1 - r * r);
  const pValue = 2 * Math.min(pt(statistic, df), pt(statistic, df, false));
  let ci: [number, number] | null = null;
  if (n > 3) {
    const z = Math.atanh(r);
    const half = (1 / Math.sqrt(n - 3)) * qnorm((1 + input.level) / 2);
    ci = [Math.tanh(z - half), Math.tanh(z + half)];
  }
  return { r, statistic, df, pValue, ci, level: input.level };
}

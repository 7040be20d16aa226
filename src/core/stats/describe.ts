import { z } from 'zod';
import { mean, variance } from './descriptive.ts';
import { vector } from './schemas.ts';

export const describeInput = z.strictObject({
  x: vector(
    z.number({ message: 'must be a number or null (missing)' }).nullable(),
    'must be an array of numbers, with null for a missing value',
  ).refine((values) => values.some((v) => v !== null), 'must hold at least 1 non-missing value'),
});

export interface DescribeResult {
  n: number;
  missing: number;
  mean: number;
  /** Sample standard deviation (n - 1); NaN (null) for a single value, as R's sd(). */
  sd: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/**
 * Quantile by R's default definition (type 7, Hyndman & Fan 1996), in the arithmetic of R's quantile.default:
 * 1-based index 1 + (n - 1) p and the weighted form (1 - h) a + h b, so results agree to the last bit.
 */
function quantile7(sorted: readonly number[], probability: number): number {
  const index = 1 + (sorted.length - 1) * probability;
  const lo = Math.floor(index);
  const a = sorted[lo - 1] as number;
  const b = sorted[Math.ceil(index) - 1] as number;
  if (!(index > lo) || b === a) return a;
  const h = index - lo;
  return (1 - h) * a + h * b;
}

/** R's median(): the middle value, or mean() of the two middle values. */
function median(sorted: readonly number[]): number {
  const half = Math.floor((sorted.length + 1) / 2);
  if (sorted.length % 2 === 1) return sorted[half - 1] as number;
  return mean([sorted[half - 1] as number, sorted[half] as number]);
}

/** Summary statistics as R's mean(), sd(), median() and quantile(type = 7), with null counted as missing. */
export function describe(input: z.output<typeof describeInput>): DescribeResult {
  const values = input.x.filter((v): v is number => v !== null);
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: values.length,
    missing: input.x.length - values.length,
    mean: mean(values),
    sd: Math.sqrt(variance(values)),
    median: median(sorted),
    q1: quantile7(sorted, 0.25),
    q3: quantile7(sorted, 0.75),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

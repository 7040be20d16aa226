import { z } from 'zod';
import { invalid } from '../errors.ts';
import { mean, variance } from './descriptive.ts';
import { pt, qt } from './distributions.ts';
import { level, sample } from './schemas.ts';

export const welchTInput = z.strictObject({ x: sample(2), y: sample(2), level });
/** The pooled test needs one value per group and three in all, as R's t.test(var.equal = TRUE). */
export const studentTInput = z
  .strictObject({ x: sample(1), y: sample(1), level })
  .superRefine((value, ctx) => {
    if (value.x.length + value.y.length < 3)
      ctx.addIssue({ code: 'custom', path: ['y'], message: 'x and y together must hold at least 3 values' });
  });

export interface TTestResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Confidence interval of mean(x) - mean(y). */
  ci: [number, number];
  level: number;
  meanX: number;
  meanY: number;
  stderr: number;
}

/** Two-sample t-test, two-sided, as R's t.test(x, y): Welch-Satterthwaite unless the variances are pooled. */
export function tTest(input: { x: number[]; y: number[]; level: number }, pooled: boolean): TTestResult {
  const { x, y } = input;
  const nx = x.length;
  const ny = y.length;
  const meanX = mean(x);
  const meanY = mean(y);
  const vx = variance(x);
  const vy = variance(y);
  let df: number;
  let stderr: number;
  if (pooled) {
    df = nx + ny - 2;
    let v = 0;
    if (nx > 1) v += (nx - 1) * vx;
    if (ny > 1) v += (ny - 1) * vy;
    v /= df;
    stderr = Math.sqrt(v * (1 / nx + 1 / ny));
  } else {
    const sx = Math.sqrt(vx / nx);
    const sy = Math.sqrt(vy / ny);
    stderr = Math.sqrt(sx ** 2 + sy ** 2);
    df = stderr ** 4 / (sx ** 4 / (nx - 1) + sy ** 4 / (ny - 1));
  }
  // R's guard: a standard error at rounding level means the t statistic is meaningless.
  if (stderr < 10 * Number.EPSILON * Math.max(Math.abs(meanX), Math.abs(meanY)))
    throw invalid('The data are essentially constant: the t statistic is undefined', [
      { path: 'x', code: 'rule', message: 'x and y must vary (their standard error is zero)' },
    ]);
  const statistic = (meanX - meanY) / stderr;
  const pValue = 2 * pt(-Math.abs(statistic), df);
  const half = qt(1 - (1 - input.level) / 2, df);
  return {
    statistic,
    df,
    pValue,
    ci: [(statistic - half) * stderr, (statistic + half) * stderr],
    level: input.level,
    meanX,
    meanY,
    stderr,
  };
}

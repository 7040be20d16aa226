import { z } from 'zod';
import { qnorm } from './distributions.ts';
import { count, level } from './schemas.ts';

const proportion =
  (successes: string, total: string) => (value: Record<string, number>, ctx: z.RefinementCtx) => {
    if ((value[successes] as number) > (value[total] as number))
      ctx.addIssue({ code: 'custom', path: [successes], message: `must not exceed ${total}` });
  };

const positive = count.min(1, 'must be a positive integer (the number of trials)');

export const wilsonInput = z
  .strictObject({ successes: count, n: positive, level })
  .superRefine(proportion('successes', 'n'));

export const newcombeInput = z
  .strictObject({ x1: count, n1: positive, x2: count, n2: positive, level })
  .superRefine((value, ctx) => {
    proportion('x1', 'n1')(value, ctx);
    proportion('x2', 'n2')(value, ctx);
  });

/**
 * Wilson score interval (Wilson 1927) in the exact form of R's prop.test(x, n, correct = FALSE)$conf.int,
 * including its convention of closing the interval at exactly 0 or 1 when the estimate sits there.
 */
export function wilsonInterval(successes: number, n: number, confidence: number): [number, number] {
  const z = qnorm((1 + confidence) / 2);
  const estimate = successes / n;
  const z22n = (z * z) / (2 * n);
  const spread = (p: number) => z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const upper = estimate >= 1 ? 1 : (estimate + z22n + spread(estimate)) / (1 + 2 * z22n);
  const lower = estimate <= 0 ? 0 : (estimate + z22n - spread(estimate)) / (1 + 2 * z22n);
  return [Math.max(lower, 0), Math.min(upper, 1)];
}

export function wilson(input: z.output<typeof wilsonInput>) {
  return {
    estimate: input.successes / input.n,
    ci: wilsonInterval(input.successes, input.n, input.level),
    level: input.level,
  };
}

/**
 * Newcombe's hybrid score interval for a difference of independent proportions, method 10 of R. G. Newcombe,
 * "Interval estimation for the difference between independent proportions", Statist. Med. 17 (1998) 873-890:
 * the square-and-add combination of the two Wilson intervals (without continuity correction).
 */
export function newcombe(input: z.output<typeof newcombeInput>) {
  const p1 = input.x1 / input.n1;
  const p2 = input.x2 / input.n2;
  const [l1, u1] = wilsonInterval(input.x1, input.n1, input.level);
  const [l2, u2] = wilsonInterval(input.x2, input.n2, input.level);
  const difference = p1 - p2;
  return {
    difference,
    ci: [
      difference - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
      difference + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    ] as [number, number],
    level: input.level,
  };
}

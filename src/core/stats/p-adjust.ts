import { z } from 'zod';
import { vector } from './schemas.ts';

export const P_ADJUST_METHODS = ['holm', 'bh', 'bonferroni'] as const;

export const pAdjustInput = z.strictObject({
  p: vector(
    z
      .number({ message: 'must be a p-value between 0 and 1' })
      .min(0, 'must be a p-value between 0 and 1')
      .max(1, 'must be a p-value between 0 and 1'),
    'must be an array of p-values',
  ).min(1, 'must hold at least 1 p-value'),
  method: z.enum(P_ADJUST_METHODS, { message: `must be one of: ${P_ADJUST_METHODS.join(', ')}` }),
});

/**
 * Multiplicity adjustment as R's p.adjust(): Bonferroni, Holm's step-down (1979) and Benjamini & Hochberg's
 * step-up false discovery rate (1995), each capped at 1. Ties keep R's order (a stable sort on p).
 */
export function pAdjust(input: z.output<typeof pAdjustInput>): { adjusted: number[]; method: string } {
  const { p, method } = input;
  const n = p.length;
  const adjusted = new Array<number>(n);
  if (method === 'bonferroni') {
    p.forEach((v, i) => (adjusted[i] = Math.min(1, n * v)));
  } else if (method === 'holm') {
    const order = p.map((_, i) => i).sort((a, b) => (p[a] as number) - (p[b] as number) || a - b);
    let running = 0;
    order.forEach((index, rank) => {
      running = Math.max(running, (n - rank) * (p[index] as number));
      adjusted[index] = Math.min(1, running);
    });
  } else {
    // R: order(p, decreasing = TRUE) is stable, so ties keep their input order.
    const order = p.map((_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number) || a - b);
    let running = Number.POSITIVE_INFINITY;
    order.forEach((index, position) => {
      const rank = n - position;
      running = Math.min(running, (n / rank) * (p[index] as number));
      adjusted[index] = Math.min(1, running);
    });
  }
  return { adjusted, method };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pchisqUpper, pfUpper, pnorm, pt, qf, qnorm, qt } from './distributions.ts';
import { logDhyper, phyper } from './hypergeometric.ts';

interface Point {
  [key: string]: number;
}
const grid = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'distributions.json'), 'utf8'),
) as Record<string, Point[]>;

/** The accuracy claimed in distributions.ts: every function within 2e-13 of R over the grid R wrote. */
const TOLERANCE = 2e-13;
const relative = (a: number, e: number) => (a === e ? 0 : Math.abs(a - e) / Math.abs(e));

const checks: [string, (p: Point) => [number, number][]][] = [
  [
    'pnorm',
    (p) => [
      [pnorm(p.x!), p.lower!],
      [pnorm(p.x!, false), p.upper!],
    ],
  ],
  ['qnorm', (p) => [[qnorm(p.p!), p.q!]]],
  [
    'pt',
    (p) => [
      [pt(p.t!, p.df!), p.lower!],
      [pt(p.t!, p.df!, false), p.upper!],
    ],
  ],
  ['qt', (p) => [[qt(p.p!, p.df!), p.q!]]],
  ['pchisq', (p) => [[pchisqUpper(p.x!, p.df!), p.upper!]]],
  ['pf', (p) => [[pfUpper(p.x!, p.df1!, p.df2!), p.upper!]]],
  ['qf', (p) => [[qf(p.p!, p.df1!, p.df2!), p.q!]]],
  [
    'phyper',
    (p) => [
      [logDhyper(p.x!, p.m!, p.n!, p.k!), p.logDensity!],
      [phyper(p.x!, p.m!, p.n!, p.k!), p.lower!],
      [phyper(p.x!, p.m!, p.n!, p.k!, false), p.upper!],
    ],
  ],
];

describe('distribution functions agree with R', () => {
  it.each(checks)('%s', (name, pairs) => {
    const points = grid[name] ?? [];
    expect(points.length).toBeGreaterThan(5);
    const worst = Math.max(...points.flatMap((point) => pairs(point).map(([a, e]) => relative(a, e))));
    expect(worst).toBeLessThan(TOLERANCE);
  });
});

/**
 * Statistics engine against R, timed in the same run on the same inputs: Fisher's exact test on 10,000 2 x 2
 * tables, and Mann-Whitney, Spearman and logistic regression on 20,000 rows. R's time is measured inside R
 * (system.time in tools/r/bench.R), so Rscript's start-up is not counted against it. Each side reports its best of
 * three runs; the ratio is Manus / R (below 1: Manus is faster). Without Rscript it says so and exits 0.
 * Run: npx tsx bench/stats.bench.ts   (or npm run bench:stats)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runStatsTest } from '../src/core/stats/registry.ts';

const R_SCRIPT = resolve(import.meta.dirname, '../tools/r/bench.R');
if (spawnSync('Rscript', ['--version']).error) {
  process.stdout.write(
    'NOTICE: Rscript is not installed; the statistics benchmark needs R to compare with. Skipped.\n',
  );
  process.exit(0);
}

// A fixed-seed generator (mulberry32) so that every run times the same inputs.
let seed = 20260101;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const round6 = (v: number) => Number(v.toPrecision(6));
const ROWS = 20_000;

const fisherTables = Array.from({ length: 10_000 }, () =>
  Array.from({ length: 4 }, () => Math.floor(uniform() * 30)),
);
const mannWhitney = {
  x: Array.from({ length: ROWS / 2 }, () => round6(normal() + 0.05)),
  y: Array.from({ length: ROWS / 2 }, () => round6(normal())),
};
const sx = Array.from({ length: ROWS }, () => round6(normal()));
const spearman = { x: sx, y: sx.map((v) => round6(0.02 * v + normal())) };
const predictors = { a: [] as number[], b: [] as number[], c: [] as number[] };
const outcome: number[] = [];
for (let i = 0; i < ROWS; i++) {
  const [a, b, c] = [round6(normal()), round6(normal()), round6(normal())];
  predictors.a.push(a);
  predictors.b.push(b);
  predictors.c.push(c);
  outcome.push(uniform() < 1 / (1 + Math.exp(-(-0.5 + 0.8 * a - 0.4 * b + 0.1 * c))) ? 1 : 0);
}
const logistic = { y: outcome, x: predictors };

const dir = mkdtempSync(join(tmpdir(), 'manus-stats-bench-'));
const inputFile = join(dir, 'input.json');
writeFileSync(inputFile, JSON.stringify({ fisher: fisherTables, mannWhitney, spearman, logistic }));

const bestMs = (work: () => unknown): number => {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
};
type Result = Record<string, unknown>;
const fisherAll = () =>
  fisherTables.map((t) => runStatsTest('fisher-exact', { table: [t.slice(0, 2), t.slice(2)] }));
const manus = {
  fisher: bestMs(fisherAll),
  mannWhitney: bestMs(() => runStatsTest('mann-whitney', mannWhitney)),
  spearman: bestMs(() => runStatsTest('spearman', spearman)),
  logistic: bestMs(() => runStatsTest('logistic', logistic)),
};

const r = spawnSync('Rscript', [R_SCRIPT, inputFile], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
const reference = JSON.parse(r.stdout) as {
  timings: Record<keyof typeof manus, number>;
  results: { fisherFirst: number[]; mannWhitney: number; spearman: number; logistic: number[] };
};

// The timings only mean something if both sides computed the same thing.
const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const coefficients = Object.values(
  (runStatsTest('logistic', logistic) as Result).coefficients as Record<string, Result>,
);
const agreement = Math.max(
  ...fisherAll()
    .slice(0, 5)
    .map((res, i) => relative((res as Result).pValue as number, reference.results.fisherFirst[i] as number)),
  relative(
    (runStatsTest('mann-whitney', mannWhitney) as Result).pValue as number,
    reference.results.mannWhitney,
  ),
  relative((runStatsTest('spearman', spearman) as Result).pValue as number, reference.results.spearman),
  ...coefficients.map((c, i) => relative(c.estimate as number, reference.results.logistic[i] as number)),
);

const rows = (Object.keys(manus) as (keyof typeof manus)[]).map((test) => ({
  test,
  manusMs: +manus[test].toFixed(1),
  rMs: +reference.timings[test].toFixed(1),
  ratio: +(manus[test] / reference.timings[test]).toFixed(2),
}));
process.stdout.write(
  `${JSON.stringify({ fisherTables: fisherTables.length, rows: ROWS, worstRelativeDifference: agreement, results: rows }, null, 2)}\n`,
);

/**
 * Start-up of the `manus` command, as a ratio against a bare `node -e 0` measured in the same run (targets: `manus
 * --version` at most 2×, `manus score` at most 3×). The three commands are spawned in turn, so load on the machine
 * weighs on each alike, and each is reported by its median.
 * Run: npx tsx bench/cli-startup.bench.ts [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 25);
const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/manus.js');

// Compiled afresh (a second or two), as `npm install` does: bin/manus.js falls back to tsx when dist/ is stale.
execFileSync(process.execPath, [join(root, 'tools/build-cli.mjs')], { stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'manus-cli-bench-'));
const input = join(dir, 'bmi.json');
writeFileSync(input, JSON.stringify({ weight_kg: 70, height_cm: 175 }));

const commands: Record<string, string[]> = {
  node: ['-e', '0'],
  version: [bin, '--version'],
  score: [bin, 'score', 'bmi', '--input', input],
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times[name]!.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
  }
}
rmSync(dir, { recursive: true, force: true });

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const node = median(times.node!);
const version = median(times.version!);
const score = median(times.score!);
process.stdout.write(
  `${JSON.stringify(
    {
      runs,
      medianMs: { node: +node.toFixed(1), version: +version.toFixed(1), score: +score.toFixed(1) },
      versionRatio: +(version / node).toFixed(2),
      scoreRatio: +(score / node).toFixed(2),
      targets: { versionRatio: 2, scoreRatio: 3 },
    },
    null,
    2,
  )}\n`,
);

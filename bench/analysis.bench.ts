/**
 * The primary outcome table (any + every site per hand + pooled sites; Wilson, Newcombe, Fisher, Holm) on 20,000
 * synthetic participants, computed by Manus (src/core/analysis/primary.ts) and by R (tools/r/primary-table.R) on
 * the same data, exported to CSV, in the same run. Both times are the best of three, measured around the table
 * computation only: R's inside R with proc.time() (Rscript's start-up and read.csv excluded), Manus's around
 * primaryRows() on the loaded input. The rows must agree (relative 1e-9); the ratio is Manus / R (target ≤ 0.5).
 * The participants follow the synthetic cohort's lesion model (src/services/demo/lesions.ts). Without Rscript it
 * says so and exits 0.
 * Run: npx tsx bench/analysis.bench.ts [participants]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ParticipantInput } from '../src/core/analysis/input.ts';
import { primaryRows } from '../src/core/analysis/primary.ts';
import { PRIMARY_ABNORMALITIES, type PrimaryRow } from '../src/core/analysis/types.ts';
import { readingItem } from '../src/core/reading/items.ts';
import { sitesOf } from '../src/core/reading/sites.ts';
import { compareWithR } from '../src/core/stats/fixture-compare.ts';
import { toJsonValue, type JsonValue } from '../src/core/stats/json.ts';
import type { Arm } from '../src/core/study/protocol.ts';
import { demoLesions, lesionFindings } from '../src/services/demo/lesions.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PARTICIPANTS = Number(process.argv[2] ?? 20_000);
if (spawnSync('Rscript', ['--version']).error) {
  process.stdout.write(
    'NOTICE: Rscript is not installed; the analysis benchmark needs R to compare with. Skipped.\n',
  );
  process.exit(0);
}

// The analysed participants: 60 % SSc, both hands, the cohort's lesions (seeded, the same every run).
const primary = new Set<string>(PRIMARY_ABNORMALITIES);
const participants: ParticipantInput[] = Array.from({ length: PARTICIPANTS }, (_, i) => {
  const arm: Arm = i % 5 < 3 ? 'ssc' : 'control';
  const findings = lesionFindings(demoLesions(arm, 4223817 + i)).filter((f) => primary.has(f.item));
  return {
    code: `P-${String(i + 1).padStart(5, '0')}`,
    arm,
    status: 'completed',
    exam: {
      code: `MR-${i + 1}`,
      acquiredAt: '2026-01-05T09:00:00.000Z',
      status: 'complete',
      hands: 'both',
      readingStatus: 'final',
      finalizedAt: '2026-01-08T09:00:00.000Z',
      final: { abnormal: findings, unscored: [] },
    },
    forms: {},
    sodium: [],
  };
});

const dir = mkdtempSync(join(tmpdir(), 'manus-analysis-bench-'));
const csv = (rows: (string | number | boolean)[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;
writeFileSync(
  join(dir, 'participants.csv'),
  csv([['code', 'arm', 'right', 'left'], ...participants.map((p) => [p.code, p.arm, 'TRUE', 'TRUE'])]),
);
writeFileSync(
  join(dir, 'lesions.csv'),
  csv([
    ['code', 'abnormality', 'site'],
    ...participants.flatMap((p) => p.exam!.final!.abnormal.map((f) => [p.code, f.item, f.site])),
  ]),
);
writeFileSync(
  join(dir, 'sites.csv'),
  csv([
    ['abnormality', 'site'],
    ...PRIMARY_ABNORMALITIES.flatMap((a) => sitesOf(readingItem(a), ['R', 'L']).map((s) => [a, s.id])),
  ]),
);

const options = { adjust: 'holm', confidenceLevel: 0.95 } as const;
let rows: PrimaryRow[] = [];
let manusMs = Number.POSITIVE_INFINITY;
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  rows = primaryRows(participants, options);
  manusMs = Math.min(manusMs, performance.now() - start);
}

const r = spawnSync('Rscript', [join(ROOT, 'tools/r/analysis-bench.R'), dir], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
const fromR = JSON.parse(r.stdout) as { ms: number; rows: JsonValue[] };

const asR = (row: PrimaryRow) =>
  toJsonValue({
    abnormality: row.abnormality,
    site: row.site,
    level: row.level,
    ssc: [row.ssc.n, row.ssc.N, ...(row.ssc.ci ?? [])],
    control: [row.control.n, row.control.N, ...(row.control.ci ?? [])],
    difference: row.difference?.estimate,
    differenceCi: row.difference?.ci,
    p: row.pValue,
    pAdjusted: row.pAdjusted,
    oddsRatio: row.oddsRatio ? [row.oddsRatio.estimate, ...row.oddsRatio.ci] : null,
  });
const agreement = compareWithR(rows.map(asR), fromR.rows, 1e-9);
const ratio = manusMs / fromR.ms;
process.stdout.write(
  `${JSON.stringify(
    {
      participants: PARTICIPANTS,
      rows: rows.length,
      lesions: participants.reduce((s, p) => s + p.exam!.final!.abnormal.length, 0),
      manusMs: Math.round(manusMs * 10) / 10,
      rMs: Math.round(fromR.ms * 10) / 10,
      ratio: Math.round(ratio * 1000) / 1000,
      target: 0.5,
      agree: agreement.mismatches.length === 0 && fromR.rows.length === rows.length,
      worstRelativeError: agreement.worstRelativeError,
      mismatches: agreement.mismatches.slice(0, 5),
    },
    null,
    2,
  )}\n`,
);
if (agreement.mismatches.length > 0 || fromR.rows.length !== rows.length) process.exitCode = 1;

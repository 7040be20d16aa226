/**
 * Sodium quantification against numpy, in the same run on the same files: a 256³ phantom with 40 ROIs (five
 * tubes, the background, two tissues, 32 joints), made with a receive field, a transmit field and a relaxation per
 * compartment, so that every step runs: sigma from the noise label, the unbiased Rician estimator, the receive,
 * transmit and relaxation corrections, the tube calibration, and the per-ROI mean, SD, median and thickness check.
 * bench/sodium_numpy.py is an independent numpy implementation of the same steps; it reports its own time, so
 * Python's start-up and imports are not counted against it. Each side reports the best of three quantifications of
 * volumes already in memory; reading the files is reported apart. The ratio is Manus / numpy (target ≤ 1.0). Peak
 * RSS is this process's, which holds only the Manus side (the phantom is made by a child `manus phantom`). The
 * two results must agree, which checks both implementations. Without python3 and numpy it says so and exits 0.
 * Run: npx tsx bench/sodium.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assertSameGrid } from '../src/core/sodium/grid.ts';
import { parseLegend, parseRelaxation } from '../src/core/sodium/inputs.ts';
import { quantify, type Quantification } from '../src/core/sodium/quantify.ts';
import { readJson, readVolume } from '../src/cli/volume-input.ts';

const SIZE = 256;
const NUMPY_SCRIPT = resolve(import.meta.dirname, 'sodium_numpy.py');
const BIN = resolve(import.meta.dirname, '../bin/manus.js');

if (spawnSync('python3', ['-c', 'import numpy']).status !== 0) {
  process.stdout.write(
    'NOTICE: python3 with numpy is not installed (apt-get install python3-numpy); the sodium benchmark needs it to compare with. Skipped.\n',
  );
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'manus-sodium-bench-'));
try {
  const made = spawnSync(
    process.execPath,
    [
      BIN,
      'phantom',
      '--out',
      dir,
      '--size',
      String(SIZE),
      '--receive-field',
      '--transmit-field',
      '--relaxation',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`manus phantom failed: ${made.stderr}`);
  const file = (name: string) => join(dir, name);

  const readStart = performance.now();
  const legend = parseLegend(await readJson(file('legend.json'), 'legend'));
  const relaxation = parseRelaxation(await readJson(file('relaxation.json'), 'relaxation'));
  const sodium = await readVolume(file('sodium.nii'), 'sodium');
  const labels = await readVolume(file('labels.nii'), 'labels');
  const receive = await readVolume(file('receive.nii'), 'receive-field');
  const transmit = await readVolume(file('transmit.nii'), 'transmit-field');
  for (const [volume, what] of [
    [labels, 'labels'],
    [receive, 'receive-field'],
    [transmit, 'transmit-field'],
  ] as const)
    assertSameGrid(sodium, volume, what);
  const manusReadMs = performance.now() - readStart;

  let manusMs = Number.POSITIVE_INFINITY;
  let result: Quantification | null = null;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    result = quantify({
      grid: sodium,
      sodium: sodium.data,
      labels: labels.data,
      legend,
      receive: receive.data,
      transmit: transmit.data,
      relaxation,
      noiseCorrection: true,
    });
    manusMs = Math.min(manusMs, performance.now() - start);
  }
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  const numpyRun = spawnSync(
    'python3',
    [
      NUMPY_SCRIPT,
      file('sodium.nii'),
      file('labels.nii'),
      file('legend.json'),
      '--receive-field',
      file('receive.nii'),
      '--transmit-field',
      file('transmit.nii'),
      '--relaxation',
      file('relaxation.json'),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (numpyRun.status !== 0) throw new Error(`numpy implementation failed: ${numpyRun.stderr}`);
  const numpy = JSON.parse(numpyRun.stdout) as {
    calibration: { slope: number };
    rois: { label: number; concentrationMmol: { mean: number; sd: number; median: number } }[];
    readMs: number;
    quantifyMs: number;
  };

  // The map is float32 in both, so SDs and medians agree to float32 precision, means to double precision.
  const manus = result!;
  let worst = Math.abs(manus.calibration.slope / numpy.calibration.slope - 1);
  if (manus.rois.length !== numpy.rois.length) throw new Error('Manus and numpy report different ROIs');
  manus.rois.forEach((roi, i) => {
    const other = numpy.rois[i]!;
    if (roi.label !== other.label) throw new Error('Manus and numpy report different ROIs');
    for (const key of ['mean', 'sd', 'median'] as const)
      worst = Math.max(
        worst,
        Math.abs(roi.concentrationMmol[key] - other.concentrationMmol[key]) /
          Math.max(1, Math.abs(other.concentrationMmol[key])),
      );
  });
  if (worst > 1e-4) throw new Error(`Manus and numpy disagree: relative difference ${worst}`);

  const ratio = manusMs / numpy.quantifyMs;
  const rows = [
    `Sodium quantification, ${SIZE}³ phantom, ${legend.length} ROIs (receive, transmit, relaxation, noise correction)`,
    `  Manus quantify   ${manusMs.toFixed(0).padStart(6)} ms   (best of 3)`,
    `  numpy quantify   ${numpy.quantifyMs.toFixed(0).padStart(6)} ms   (best of 3)`,
    `  ratio Manus / numpy: ${ratio.toFixed(2)}×   (target ≤ 1.0×)`,
    `  reading the four volumes and two JSON files: Manus ${manusReadMs.toFixed(0)} ms, numpy ${numpy.readMs.toFixed(0)} ms`,
    `  Manus peak RSS: ${peakRssMiB.toFixed(0)} MiB (the four input volumes alone are ${((4 * SIZE ** 3 * 4) / 2 ** 20).toFixed(0)} MiB as float32)`,
    `  agreement: largest relative difference ${worst.toExponential(1)} over the slope and every ROI mean, SD and median`,
  ];
  process.stdout.write(`${rows.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { assertSameGrid } from '../../core/sodium/grid.ts';
import { parseLegend, parseRelaxation } from '../../core/sodium/inputs.ts';
import { quantify } from '../../core/sodium/quantify.ts';
import { quantificationReport, type QuantificationReport } from '../../core/sodium/report.ts';
import { writeNifti } from '../../imaging/nifti/write.ts';
import type { Volume } from '../../imaging/volume.ts';
import { MANUS_VERSION } from '../../version.ts';
import { printJson } from '../context.ts';
import { progress, type Progress } from '../progress.ts';
import { readJson, readVolume } from '../volume-input.ts';

export interface QuantifyOptions {
  sodium: string;
  labels: string;
  legend: string;
  receiveField?: string;
  transmitField?: string;
  relaxation?: string;
  noiseCorrection: boolean;
  out?: string;
}

const MAP_FILE = 'concentration.nii';
const REPORT_FILE = 'quantification.json';

async function optionalVolume(
  path: string | undefined,
  what: string,
  sodium: Volume,
): Promise<Float32Array | undefined> {
  if (path === undefined) return undefined;
  const volume = await readVolume(path, what);
  assertSameGrid(sodium, volume, what);
  return volume.data;
}

/** Reads the inputs, checks that they share the sodium grid, and quantifies. Bad input throws a bad_request. */
export async function runQuantify(
  options: QuantifyOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<{ report: QuantificationReport; map: Float32Array; sodium: Volume }> {
  // The JSON inputs first: they are cheap, and a bad legend should not wait for a large volume to load.
  const legend = parseLegend(await readJson(options.legend, 'legend'));
  const relaxation = options.relaxation
    ? parseRelaxation(await readJson(options.relaxation, 'relaxation'))
    : undefined;
  const sodium = await readVolume(options.sodium, 'sodium');
  const labels = await readVolume(options.labels, 'labels');
  assertSameGrid(sodium, labels, 'labels');
  const receive = await optionalVolume(options.receiveField, 'receive-field', sodium);
  const transmit = await optionalVolume(options.transmitField, 'transmit-field', sodium);
  const result = quantify({
    grid: sodium,
    sodium: sodium.data,
    labels: labels.data,
    legend,
    ...(receive ? { receive } : {}),
    ...(transmit ? { transmit } : {}),
    ...(relaxation ? { relaxation } : {}),
    noiseCorrection: options.noiseCorrection,
    ...(onProgress ? { onProgress } : {}),
  });
  const absolute = (path: string | undefined) => (path === undefined ? null : resolve(path));
  const report = quantificationReport(result, {
    manusVersion: MANUS_VERSION,
    inputs: {
      sodium: resolve(options.sodium),
      labels: resolve(options.labels),
      legend: resolve(options.legend),
      receiveField: absolute(options.receiveField),
      transmitField: absolute(options.transmitField),
      relaxation: absolute(options.relaxation),
    },
    noiseCorrection: options.noiseCorrection,
    relaxationModel: relaxation ?? null,
    grid: sodium,
    out: absolute(options.out),
  });
  return { report, map: result.map, sodium };
}

const fixed = (v: number, digits = 1) => v.toFixed(digits);

/** The human-readable summary printed without --json. */
export function formatReport(report: QuantificationReport): string {
  const c = report.calibration;
  const lines = [
    `Calibration: signal = ${c.slope.toPrecision(5)} × C + ${c.intercept.toPrecision(5)}   r² = ${c.r2.toFixed(5)}` +
      (c.noiseSigma === null ? '' : `   noise σ = ${c.noiseSigma.toPrecision(4)}`),
    ...c.references.map(
      (r) =>
        `  reference ${String(r.label).padStart(5)}  ${r.name.padEnd(24)} ${fixed(r.concentrationMmol).padStart(7)} mM  signal ${r.correctedSignal.toPrecision(5)}  residual ${r.residual.toPrecision(3)}`,
    ),
    '',
    `${'label'.padStart(5)}  ${'name'.padEnd(24)} ${'kind'.padEnd(6)} ${'voxels'.padStart(7)} ${'mm³'.padStart(9)} ${'mean'.padStart(7)} ${'sd'.padStart(6)} ${'median'.padStart(7)}  mmol/L`,
    ...report.rois.map(
      (r) =>
        `${String(r.label).padStart(5)}  ${r.name.padEnd(24)} ${r.kind.padEnd(6)} ${String(r.voxels).padStart(7)} ${fixed(r.volumeMm3, 0).padStart(9)} ${fixed(r.concentrationMmol.mean).padStart(7)} ${fixed(r.concentrationMmol.sd).padStart(6)} ${fixed(r.concentrationMmol.median).padStart(7)}`,
    ),
    ...(report.warnings.length > 0 ? ['', 'Warnings:', ...report.warnings.map((w) => `  - ${w}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerQuantifyCommand(program: Command): void {
  program
    .command('quantify')
    .description('Sodium concentration per ROI, calibrated against the reference tubes in the field of view')
    .requiredOption(
      '--sodium <path>',
      'sodium image: NIfTI (.nii, .nii.gz) or a folder holding one DICOM series',
    )
    .requiredOption('--labels <file>', 'integer label map on the same grid (NIfTI)')
    .requiredOption(
      '--legend <file>',
      'JSON: { "labels": { "<int>": { "name", "kind", "concentrationMmol" } } }',
    )
    .option('--receive-field <file>', 'receive sensitivity map on the same grid: the signal is divided by it')
    .option('--transmit-field <file>', 'relative flip-angle map k on the same grid (needs --relaxation)')
    .option(
      '--relaxation <file>',
      'JSON: trMs, teMs, flipAngleDeg, and compartments.{reference,joint,tissue}.{t1Ms,t2Star}',
    )
    .option('--no-noise-correction', 'do not correct ROI means for the Rician noise bias')
    .option(
      '--out <dir>',
      `also write the concentration map (${MAP_FILE}, float32, mmol/L) and ${REPORT_FILE}`,
    )
    .option('--json', 'print the result as JSON on standard output')
    .addHelpText(
      'after',
      '\nKinds: reference (needs concentrationMmol), joint, tissue, noise (signal-free background, needed for the\n' +
        'noise correction). t2Star is a T2* in ms, or [{ "fraction", "t2StarMs" }, …] for a multi-exponential decay.\n' +
        'Bad input (mismatched grids, a reference without concentration, no references, no noise label, NaN voxels,\n' +
        'unreadable files) exits with code 2.\n',
    )
    .action(async (options: QuantifyOptions & { json?: boolean }) => {
      // Created on the first report, when the number of steps is known.
      const bar: { current?: Progress } = {};
      const { report, map, sodium } = await runQuantify(options, (_, total) => {
        bar.current ??= progress('Quantifying', total);
        bar.current.advance(1);
      }).finally(() => bar.current?.stop());
      if (options.out) {
        await mkdir(options.out, { recursive: true });
        const nifti = writeNifti({
          dims: sodium.dims,
          affine: sodium.affine,
          data: map,
          description: 'Manus sodium concentration, mmol/L',
        });
        await writeFile(join(options.out, MAP_FILE), nifti);
        await writeFile(join(options.out, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
      }
      if (options.json) printJson(report);
      else process.stdout.write(formatReport(report));
    });
}

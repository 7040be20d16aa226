import { ManusError, type FieldIssueCode } from '../errors.ts';
import { concentrationOf, fitCalibration } from './calibration.ts';
import { indexLabels, type Grid } from './grid.ts';
import type { LegendEntry } from './inputs.ts';
import { noiseSigmaFromBackground, unbiasedAmplitude } from './rician.ts';
import { meanAndSd, medianInPlace, roisWithBlock } from './roi-statistics.ts';
import type { RelaxationModel } from './signal-model.ts';
import { accumulate, STRIDE, SUM, weightTables, writeConcentrations } from './voxel-passes.ts';
import {
  calibrationWarnings,
  clippingWarning,
  concentrationWarning,
  legendWarnings,
  roiWarnings,
  type RoiFacts,
} from './warnings.ts';

export interface QuantifyInput {
  grid: Grid;
  /** Magnitude sodium image. */
  sodium: Float32Array;
  /** Integer label map on the same grid. */
  labels: ArrayLike<number>;
  legend: readonly LegendEntry[];
  /** Multiplicative receive sensitivity R: the signal is divided by it. */
  receive?: Float32Array;
  /** Relative transmit field k (actual flip angle k * nominal); needs the relaxation model's flip angle and TR. */
  transmit?: Float32Array;
  relaxation?: RelaxationModel;
  noiseCorrection: boolean;
  /** Called as the passes over the volume advance, `done` out of `total` slices. */
  onProgress?: (done: number, total: number) => void;
}

export interface ReferenceResult {
  label: number;
  name: string;
  concentrationMmol: number;
  /** Plain mean of the magnitude signal. */
  meanSignal: number;
  /** After the noise correction and the receive, transmit and relaxation corrections: what is calibrated. */
  correctedSignal: number;
  voxels: number;
  /** correctedSignal minus the fitted line. */
  residual: number;
}

export interface RoiResult {
  label: number;
  name: string;
  kind: 'joint' | 'tissue';
  voxels: number;
  volumeMm3: number;
  concentrationMmol: { mean: number; sd: number; median: number };
}

/** The calibration line over the reference tubes, with each tube's residual. */
export interface Calibration {
  slope: number;
  intercept: number;
  r2: number;
  noiseSigma: number | null;
  references: ReferenceResult[];
}

export interface Quantification {
  calibration: Calibration;
  rois: RoiResult[];
  warnings: string[];
  /** Concentration in mmol/L for every voxel (NaN where the receive field or signal model is not positive). */
  map: Float32Array;
}

function badInput(message: string, path: string, code: FieldIssueCode, hint: string): ManusError {
  return new ManusError('bad_request', message, [{ path, code, message: hint }]);
}

function checkInputs(input: QuantifyInput, voxels: number): void {
  const sized: [string, ArrayLike<number> | undefined][] = [
    ['sodium', input.sodium],
    ['labels', input.labels],
    ['receive', input.receive],
    ['transmit', input.transmit],
  ];
  for (const [path, data] of sized) {
    if (data && data.length !== voxels)
      throw badInput(
        `The ${path} volume has ${data.length} voxels, the grid ${voxels}`,
        path,
        'rule',
        'must be on the sodium grid',
      );
  }
  if (input.transmit && !input.relaxation) {
    throw badInput(
      'A transmit field needs the relaxation model: its flip angle and TR enter the signal model',
      'relaxation',
      'required',
      'required with a transmit field',
    );
  }
  if (input.noiseCorrection && !input.legend.some((e) => e.kind === 'noise')) {
    throw badInput(
      'The noise correction needs a noise label (signal-free background), and the legend has none',
      'legend',
      'rule',
      'add a label of kind "noise", or turn the noise correction off',
    );
  }
  for (const [path, data] of [
    ['sodium', input.sodium],
    ['receive', input.receive],
    ['transmit', input.transmit],
  ] as const) {
    if (!data) continue;
    let bad = 0;
    let first = -1;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) {
        if (first < 0) first = i;
        bad++;
      }
    }
    if (bad > 0)
      throw badInput(
        `The ${path} volume has ${bad} NaN or infinite voxel${bad === 1 ? '' : 's'} (the first at index ${first})`,
        path,
        'out_of_range',
        'every voxel must be a finite number',
      );
  }
}

/**
 * The quantification of the method notes, in order: (1) sigma from the noise label and the unbiased Rician
 * estimator for ROI means, (2) receive, transmit and relaxation corrections, (3) the least-squares tube
 * calibration, (4) per-ROI statistics, plus the warnings. Steps 1 and 2 are one weighted estimator
 * (see `unbiasedAmplitude`), so that a correction that varies inside an ROI does not reintroduce the noise bias.
 * The reported ROI mean is that estimator; the SD and median come from the concentration map.
 *
 * Memory: the output map holds the voxel weights 1/(R F) between the two passes, so the only volumes allocated
 * are the map and the dense label index.
 */
export function quantify(input: QuantifyInput): Quantification {
  const [nx, ny, nz] = input.grid.dims;
  checkInputs(input, nx * ny * nz);
  const { dense, rois, unknownLabels } = indexLabels(input.labels, input.legend);
  const totalSteps = 2 * nz + 1;
  let step = 0;
  const advance = () => input.onProgress?.(++step, totalSteps);
  const flags = (keep: (roi: LegendEntry) => boolean) =>
    Uint8Array.from([0, ...rois.map((r) => (keep(r) ? 1 : 0))]);
  const voxels = {
    dims: input.grid.dims,
    dense,
    sodium: input.sodium,
    receive: input.receive,
    transmit: input.transmit,
    measured: flags((r) => r.kind !== 'noise'),
  };

  const map = new Float32Array(nx * ny * nz);
  const pass = accumulate(voxels, weightTables(rois, input.relaxation), map, advance);
  if (pass.badWeight >= 0) {
    const roi = rois[dense[pass.badWeight]! - 1]!;
    throw badInput(
      `The receive field or signal model is not positive at voxel ${pass.badWeight}, inside ROI ${roi.label} (${roi.name})`,
      input.receive ? 'receive' : 'relaxation',
      'out_of_range',
      'R * F must be positive in every ROI',
    );
  }
  const sum = (d: number, at: number) => pass.sums[d * STRIDE + at]!;
  const count = (d: number) => sum(d, SUM.n);
  const mean = (d: number, at: number) => sum(d, at) / count(d);
  const empty = rois.filter((_, i) => count(i + 1) === 0);
  const undrawn = empty.find((roi) => roi.kind === 'reference' || roi.kind === 'noise');
  if (undrawn) {
    throw badInput(
      `The ${undrawn.kind} label ${undrawn.label} (${undrawn.name}) has no voxels in the label map`,
      'labels',
      'required',
      'every reference and noise label of the legend must be drawn',
    );
  }

  // Step 1: the noise labels, pooled. Their <M^2> is 2 sigma^2, the bias term of the estimator itself.
  const noise = rois.map((_, i) => i + 1).filter((d) => rois[d - 1]!.kind === 'noise');
  const noiseVoxels = noise.reduce((n, d) => n + count(d), 0);
  const noisePower = noiseVoxels > 0 ? noise.reduce((s, d) => s + sum(d, SUM.m2), 0) / noiseVoxels : null;
  const sigma = noisePower === null ? null : noiseSigmaFromBackground(noisePower);
  const amplitude = (d: number): number =>
    input.noiseCorrection && noisePower !== null
      ? unbiasedAmplitude(mean(d, SUM.w2m2), mean(d, SUM.w2), noisePower)
      : mean(d, SUM.wm);

  // Step 3: the calibration over the references (step 2 is in the weights).
  const references = rois.map((roi, i) => ({ roi, d: i + 1 })).filter(({ roi }) => roi.kind === 'reference');
  const corrected = references.map(({ d }) => amplitude(d));
  const line = fitCalibration(
    references.map(({ roi }) => roi.concentrationMmol!),
    corrected,
  );

  // Pass 2: the map, with each joint's and tissue's voxels gathered for its SD and median.
  const gathered = flags((r) => r.kind === 'joint' || r.kind === 'tissue');
  const offsets = new Float64Array(rois.length + 2);
  for (let d = 1; d <= rois.length; d++) offsets[d + 1] = offsets[d]! + (gathered[d] ? count(d) : 0);
  const values = new Float32Array(offsets[rois.length + 1]!);
  const sigmaSquared = input.noiseCorrection && sigma !== null ? sigma * sigma : 0;
  writeConcentrations(voxels, line, sigmaSquared, map, gathered, offsets, values, advance);
  const thick = roisWithBlock(dense, input.grid.dims, rois.length);
  advance();

  // Step 4 and the warnings.
  const facts = (roi: LegendEntry, d: number): RoiFacts => ({
    label: roi.label,
    name: roi.name,
    voxels: count(d),
    thick: thick[d] === 1,
    belowNoise: input.noiseCorrection && amplitude(d) === 0,
    // The SNR is a property of the data: judged on the noise-corrected raw amplitude even when the result is not.
    snr:
      noisePower === null || sigma === 0 ? null : unbiasedAmplitude(mean(d, SUM.m2), 1, noisePower) / sigma!,
  });
  const warnings = calibrationWarnings(line.r2, references.length);
  const referenceResults = references.map(({ roi, d }, r): ReferenceResult => {
    const roiFacts = facts(roi, d);
    warnings.push(...roiWarnings(roiFacts));
    const clipped = pass.roiMax[d] === pass.imageMax ? clippingWarning(roiFacts, pass.roiAtMax[d]!) : null;
    if (clipped) warnings.push(clipped);
    return {
      label: roi.label,
      name: roi.name,
      concentrationMmol: roi.concentrationMmol!,
      meanSignal: mean(d, SUM.m),
      correctedSignal: corrected[r]!,
      voxels: count(d),
      residual: line.residuals[r]!,
    };
  });
  const [sx, sy, sz] = input.grid.spacing;
  const roiResults: RoiResult[] = [];
  rois.forEach((roi, i) => {
    const d = i + 1;
    if ((roi.kind !== 'joint' && roi.kind !== 'tissue') || count(d) === 0) return;
    const segment = values.subarray(offsets[d]!, offsets[d + 1]!);
    const meanMmol = concentrationOf(line, amplitude(d));
    const roiFacts = facts(roi, d);
    // Tissue is expected near the noise floor: SNR warnings are for joints and references.
    warnings.push(
      ...roiWarnings(roi.kind === 'joint' ? roiFacts : { ...roiFacts, snr: null, belowNoise: false }),
    );
    const range = concentrationWarning(roi, meanMmol);
    if (range) warnings.push(range);
    roiResults.push({
      label: roi.label,
      name: roi.name,
      kind: roi.kind,
      voxels: count(d),
      volumeMm3: count(d) * sx * sy * sz,
      concentrationMmol: { mean: meanMmol, sd: meanAndSd(segment).sd, median: medianInPlace(segment) },
    });
  });
  warnings.push(...legendWarnings(unknownLabels, empty));

  return {
    calibration: {
      slope: line.slope,
      intercept: line.intercept,
      r2: line.r2,
      noiseSigma: sigma,
      references: referenceResults,
    },
    rois: roiResults,
    warnings,
    map,
  };
}

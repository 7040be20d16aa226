import { z } from 'zod';
import type { Grid } from './grid.ts';
import type { Quantification } from './quantify.ts';
import type { RelaxationModel } from './signal-model.ts';
import { WARNING_THRESHOLDS } from './warnings.ts';

/**
 * A quantification as `manus quantify --json` prints it and the server stores it: the result without its map,
 * plus every input and option that produced it (provenance).
 */
export interface QuantificationParameters {
  manusVersion: string;
  inputs: {
    sodium: string;
    labels: string;
    legend: string;
    receiveField: string | null;
    transmitField: string | null;
    relaxation: string | null;
  };
  noiseCorrection: boolean;
  noiseEstimator: string;
  relaxationModel: RelaxationModel | null;
  grid: { dims: [number, number, number]; spacingMm: [number, number, number] };
  warningThresholds: typeof WARNING_THRESHOLDS;
  out: string | null;
}

export interface QuantificationReport {
  calibration: Quantification['calibration'];
  rois: Quantification['rois'];
  warnings: string[];
  parameters: QuantificationParameters;
}

const NOISE_ESTIMATOR =
  'sigma = sqrt(<M^2>_noise / 2); ROI amplitude sqrt(<W^2 M^2> - 2 sigma^2 <W^2>) with W = 1/(R F); ' +
  'map voxels sqrt(M^2 - sigma^2) (Gudbjartsson & Patz, MRM 1995;34:910)';

/**
 * The report of a quantification, for the command and the server job alike, so that both record the same
 * provenance: only the names of the inputs and where the map went differ.
 */
export function quantificationReport(
  result: Quantification,
  provenance: {
    manusVersion: string;
    inputs: QuantificationParameters['inputs'];
    noiseCorrection: boolean;
    relaxationModel: RelaxationModel | null;
    grid: Grid;
    out: string | null;
  },
): QuantificationReport {
  return {
    calibration: result.calibration,
    rois: result.rois,
    warnings: result.warnings,
    parameters: {
      manusVersion: provenance.manusVersion,
      inputs: provenance.inputs,
      noiseCorrection: provenance.noiseCorrection,
      noiseEstimator: NOISE_ESTIMATOR,
      relaxationModel: provenance.relaxationModel,
      grid: { dims: [...provenance.grid.dims], spacingMm: [...provenance.grid.spacing] },
      warningThresholds: WARNING_THRESHOLDS,
      out: provenance.out,
    },
  };
}

const finite = z.number({ message: 'must be a finite number' });
const count = z.number({ message: 'must be a voxel count' }).int('must be an integer').min(0, 'must be ≥ 0');

/**
 * What the server accepts as a report. Parameters beyond the ones checked here are kept as they are: they are
 * provenance, and a newer Manus may record more of them.
 */
export const quantificationReportSchema = z.strictObject({
  calibration: z.strictObject({
    slope: finite.positive('must be positive'),
    intercept: finite,
    r2: finite.max(1, 'must be at most 1'),
    noiseSigma: finite.min(0).nullable(),
    references: z
      .array(
        z.strictObject({
          label: count,
          name: z.string(),
          concentrationMmol: finite.min(0),
          meanSignal: finite,
          correctedSignal: finite,
          voxels: count,
          residual: finite,
        }),
      )
      .min(2, 'a calibration has at least two references'),
  }),
  rois: z.array(
    z.strictObject({
      label: count,
      name: z.string().min(1),
      kind: z.enum(['joint', 'tissue'], { message: 'must be joint or tissue' }),
      voxels: count,
      volumeMm3: finite.min(0),
      concentrationMmol: z.strictObject({ mean: finite, sd: finite.min(0), median: finite }),
    }),
  ),
  warnings: z.array(z.string()),
  parameters: z.looseObject({
    manusVersion: z.string({ message: 'must name the Manus version that computed it' }).min(1),
    noiseCorrection: z.boolean({ message: 'must say whether the noise correction was applied' }),
  }),
});

/** A report as the server receives it: checked, with the parameters kept whole. */
export type QuantificationUpload = z.output<typeof quantificationReportSchema>;

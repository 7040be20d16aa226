import { z } from 'zod';
import type { Quantification } from './quantify.ts';
import type { RelaxationModel } from './signal-model.ts';
import type { WARNING_THRESHOLDS } from './warnings.ts';

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

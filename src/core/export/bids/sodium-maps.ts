/**
 * The sodium concentration maps of the BIDS derivative: which 23Na series gets a map under which quantification,
 * and the map's name and sidecar. A map is the quantification's calibration applied voxel by voxel to the stored
 * series (src/core/sodium/map.ts), so it is written only where that reproduces the quantification:
 * - a quantification run by a background job names the stored series it quantified, and its label map, receive and
 *   transmit fields are stored too: that series gets the map, with every correction the job applied;
 * - a report computed elsewhere and uploaded names files outside Manus: it is applied to the exam's 23Na series
 *   only when it used no receive field, transmit field or relaxation model (then the voxel weights are 1 and the
 *   calibration line is the whole mapping), and only when the exam has one 23Na series (otherwise which one it
 *   measured is unknown).
 * Every other quantification is listed in the derivative's README with the reason its exam has no map.
 */
import type { SodiumJobRequest } from '../../sodium/records.ts';
import type { ExportSnapshot, ExportSodiumQuantification } from '../snapshot.ts';
import { SODIUM_DERIVATIVE } from './dataset.ts';
import type { PlacedExam, PlacedSeries } from './layout.ts';

/** The job request kept in a quantification's parameters, when a background job computed it. */
export function jobRequestOf(quantification: ExportSodiumQuantification): SodiumJobRequest | null {
  const job = quantification.parameters.job;
  if (typeof job !== 'object' || job === null || !('request' in job)) return null;
  const request = job.request as Partial<SodiumJobRequest> | null;
  return typeof request?.sodium?.seriesInstanceUid === 'string' ? (request as SodiumJobRequest) : null;
}

/** Whether an uploaded report says it applied a receive field, a transmit field or a relaxation model. */
function usedCorrections(parameters: Readonly<Record<string, unknown>>): boolean {
  const inputs = parameters.inputs;
  const named = (key: string) =>
    typeof inputs === 'object' && inputs !== null && (inputs as Record<string, unknown>)[key] != null;
  return (
    named('receiveField') ||
    named('transmitField') ||
    named('relaxation') ||
    (parameters.relaxationModel !== undefined && parameters.relaxationModel !== null)
  );
}

export interface SodiumMapPlan {
  /** The raw 23Na series the map is computed from. */
  source: PlacedSeries;
  quantification: ExportSodiumQuantification;
  /** The stored inputs to load besides the series, for a job's quantification. */
  job: SodiumJobRequest | null;
  /** Path of the map without `.nii.gz` (the sidecar adds `.json`). */
  path: string;
}

export interface SodiumMapPlans {
  maps: SodiumMapPlan[];
  /** Exams with a quantification but no map, with the reason. */
  without: { examCode: string; reason: string }[];
}

/** `…/anat/sub-X_ses-1_acq-23Na[_run-n]_PDw` → `derivatives/manus-sodium/…/anat/…_desc-concentration_PDmap`. */
export function sodiumMapPath(source: PlacedSeries): string {
  return `${SODIUM_DERIVATIVE}/${source.path.replace(/_PDw$/, '')}_desc-concentration_PDmap`;
}

export function planSodiumMaps(
  exams: readonly PlacedExam[],
  quantifications: ExportSnapshot['sodiumQuantifications'],
): SodiumMapPlans {
  const plans: SodiumMapPlans = { maps: [], without: [] };
  for (const placed of exams) {
    const quantification = quantifications.find((q) => q.examCode === placed.exam.examCode);
    if (!quantification) continue;
    const sodiumSeries = placed.series.filter((s) => s.bids && s.series.nucleus === '23NA');
    const plan = (source: PlacedSeries, job: SodiumJobRequest | null) =>
      plans.maps.push({ source, quantification, job, path: sodiumMapPath(source) });
    const without = (reason: string) => plans.without.push({ examCode: placed.exam.examCode, reason });
    const job = jobRequestOf(quantification);
    if (job) {
      const source = sodiumSeries.find((s) => s.series.seriesInstanceUid === job.sodium.seriesInstanceUid);
      if (source) plan(source, job);
      else without('the series the quantification job measured is not a stored 23Na series of the exam');
    } else if (usedCorrections(quantification.parameters)) {
      without('the uploaded quantification applied corrections whose inputs are not stored in Manus');
    } else if (sodiumSeries.length === 1) {
      plan(sodiumSeries[0]!, null);
    } else {
      without(`the exam has ${sodiumSeries.length} 23Na series and the uploaded quantification names none`);
    }
  }
  return plans;
}

/** The map's sidecar: units, the raw image it comes from, and the calibration that turned signal into mmol/L. */
export function sodiumMapSidecar(plan: SodiumMapPlan): string {
  const { calibration, parameters } = plan.quantification;
  const sidecar = {
    Description:
      'Tissue sodium concentration per voxel: the calibration line of the reference tubes, C = (W A - b) / a, ' +
      'applied to the 23Na image (A: magnitude, noise-corrected as sqrt(M^2 - sigma^2) when NoiseCorrection; ' +
      'W = 1 / (R F), the receive and signal-model corrections, 1 when none were applied). Apparent ' +
      'concentration: voxels larger than the cartilage mix tissues.',
    Units: 'mmol/L',
    // Required of image derivatives; no skull in a hand.
    SkullStripped: false,
    Sources: [`bids:raw:${plan.source.path}.nii.gz`],
    SodiumQuantification: {
      Id: plan.quantification.id,
      RecordedAt: plan.quantification.recordedAt,
      ManusVersion: parameters.manusVersion,
      NoiseCorrection: parameters.noiseCorrection === true,
      Corrections: plan.job
        ? {
            ReceiveField: plan.job.receiveField !== null,
            TransmitField: plan.job.transmitField !== null,
            RelaxationModel: plan.job.relaxation !== null,
          }
        : { ReceiveField: false, TransmitField: false, RelaxationModel: false },
      Calibration: {
        SlopeSignalPerMmolL: calibration.slope,
        InterceptSignal: calibration.intercept,
        R2: calibration.r2,
        NoiseSigma: calibration.noiseSigma,
        References: calibration.references.map((r) => ({
          Name: r.name,
          ConcentrationMmolL: r.concentrationMmol,
          CorrectedSignal: r.correctedSignal,
          Residual: r.residual,
          Voxels: r.voxels,
        })),
      },
    },
  };
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}

/** The derivative's README: what the maps are, and each quantified exam left without one. */
export function sodiumDerivativeReadme(
  plans: SodiumMapPlans,
  sessionOf: (examCode: string) => string,
): string {
  return [
    '# Articular sodium concentration',
    '',
    'Per session: `*_desc-sodium_rois.tsv`, the ROI results of the current quantification of the exam (mmol/L),',
    'and `anat/*_acq-23Na_desc-concentration_PDmap.nii.gz`, the concentration map in mmol/L (float32; NaN where',
    'the correction is undefined), its sidecar holding the calibration used and the raw image it comes from.',
    '',
    plans.without.length === 0
      ? 'Every quantified 23Na series has its map.'
      : 'Quantified exams without a map:',
    ...plans.without.map((w) => `- ${sessionOf(w.examCode)}: ${w.reason}.`),
    '',
  ].join('\n');
}

/**
 * When a quantification is still computed but should not be trusted as is. The thresholds follow the method notes
 * and the issue: r^2 < 0.99, fewer than three tubes, ROIs under 30 voxels or thinner than 2 voxels, concentrations
 * outside 0-400 mmol/L, clipped references, and a low SNR against the noise label.
 */
export const WARNING_THRESHOLDS = {
  minR2: 0.99,
  recommendedReferences: 3,
  minRoiVoxels: 30,
  maxConcentrationMmol: 400,
  /**
   * Below an SNR of about 5 the Rician bias of an uncorrected mean exceeds 2 % (it is about 1/(2 SNR^2)), so the
   * result leans on the noise correction and on the noise being stationary, which gridded and iteratively
   * reconstructed sodium images do not guarantee (method notes, "Noise bias").
   */
  lowSnr: 5,
  /** Ties at the image maximum in this share of a reference's voxels mean clipping, not chance. */
  clippedFraction: 0.005,
} as const;

const T = WARNING_THRESHOLDS;

export interface RoiFacts {
  label: number;
  name: string;
  voxels: number;
  /** Whether the ROI contains a 2×2×2 block of voxels. */
  thick: boolean;
  /** The noise-corrected amplitude was zero: the ROI cannot be told apart from noise. */
  belowNoise: boolean;
  /** Amplitude over the noise sigma, when a noise label gave one. */
  snr: number | null;
}

const title = (roi: Pick<RoiFacts, 'label' | 'name'>): string => `ROI ${roi.label} (${roi.name})`;

export function calibrationWarnings(r2: number, references: number): string[] {
  const warnings: string[] = [];
  if (references < T.recommendedReferences)
    warnings.push(
      `Only ${references} reference tubes: the calibration line cannot be checked; ${T.recommendedReferences} or more are recommended`,
    );
  if (r2 < T.minR2) warnings.push(`Calibration r² is ${r2.toFixed(4)}, below ${T.minR2}`);
  return warnings;
}

/** Size, shape and noise warnings, for references and measured ROIs alike. */
export function roiWarnings(roi: RoiFacts): string[] {
  const warnings: string[] = [];
  if (roi.voxels < T.minRoiVoxels)
    warnings.push(
      `${title(roi)} has ${roi.voxels} voxels, fewer than ${T.minRoiVoxels}: partial volume and noise dominate`,
    );
  if (!roi.thick) warnings.push(`${title(roi)} is thinner than 2 voxels: partial volume dominates`);
  if (roi.belowNoise)
    warnings.push(`${title(roi)} cannot be told apart from noise: its mean signal is at the noise floor`);
  else if (roi.snr !== null && roi.snr < T.lowSnr)
    warnings.push(
      `${title(roi)} has a low SNR of ${roi.snr.toFixed(1)} against the noise label (below ${T.lowSnr})`,
    );
  return warnings;
}

export function concentrationWarning(roi: Pick<RoiFacts, 'label' | 'name'>, meanMmol: number): string | null {
  if (meanMmol < 0) return `${title(roi)} has a negative mean concentration (${meanMmol.toFixed(1)} mmol/L)`;
  if (meanMmol > T.maxConcentrationMmol)
    return `${title(roi)} has a mean concentration of ${meanMmol.toFixed(1)} mmol/L, above ${T.maxConcentrationMmol}`;
  return null;
}

/**
 * A continuous noisy signal almost never repeats the image maximum exactly, while a clipped or saturated one piles
 * up at it (the largest value of the stored integer type, or a reconstruction's ceiling).
 */
export function clippingWarning(
  roi: Pick<RoiFacts, 'label' | 'name' | 'voxels'>,
  voxelsAtImageMaximum: number,
): string | null {
  if (voxelsAtImageMaximum < 2 || voxelsAtImageMaximum < T.clippedFraction * roi.voxels) return null;
  return `Reference ${roi.label} (${roi.name}) is saturated or clipped: ${voxelsAtImageMaximum} of its ${roi.voxels} voxels sit at the image maximum`;
}

export function legendWarnings(
  unknownLabels: readonly number[],
  emptyRois: readonly { label: number; name: string }[],
): string[] {
  const warnings: string[] = [];
  if (unknownLabels.length > 0)
    warnings.push(
      `Label values ${unknownLabels.join(', ')} are in the label map but not in the legend: ignored`,
    );
  for (const roi of emptyRois)
    warnings.push(`${title(roi)} is in the legend but has no voxels in the label map: not reported`);
  return warnings;
}

/**
 * Rician noise of magnitude images (Gudbjartsson & Patz, MRM 1995;34:910): the magnitude of a complex signal of
 * amplitude A with independent Gaussian noise of SD sigma on both channels is Rician, and E[M^2] = A^2 + 2 sigma^2.
 * Intensities at low SNR are therefore biased upwards.
 */

/** The magnitude of amplitude A plus complex Gaussian noise, given two standard normal deviates. */
export function ricianMagnitude(amplitude: number, sigma: number, real: number, imaginary: number): number {
  const re = amplitude + sigma * real;
  const im = sigma * imaginary;
  return Math.sqrt(re * re + im * im);
}

/**
 * sigma from the mean square of a signal-free background: there A = 0, so <M^2> = 2 sigma^2. This is the maximum-
 * likelihood estimator of the Rayleigh scale, and it uses the same <M^2> as the bias term of the ROI estimator.
 */
export function noiseSigmaFromBackground(meanSquare: number): number {
  return Math.sqrt(meanSquare / 2);
}

/**
 * The unbiased ROI amplitude, sqrt(<W^2 M^2> - 2 sigma^2 <W^2>), for voxel weights W (the inverse receive and
 * signal-model factors). With W = 1 it is the estimator A_roi = sqrt(<M^2>_roi - 2 sigma^2) of the method notes;
 * weighting voxel by voxel keeps it unbiased when the correction varies inside the ROI, since
 * E[W^2 M^2] = (W A)^2 + 2 sigma^2 W^2 for each voxel. `noisePower` is 2 sigma^2 (the background <M^2>), which also
 * holds for root-sum-of-squares multi-channel data. An ROI indistinguishable from noise gives 0.
 */
export function unbiasedAmplitude(
  meanWeightedSquare: number,
  meanSquaredWeight: number,
  noisePower: number,
): number {
  return Math.sqrt(Math.max(meanWeightedSquare - noisePower * meanSquaredWeight, 0));
}

/**
 * Pixel-wise correction A = sqrt(M^2 - sigma^2) (Gudbjartsson & Patz 1995). It is approximate, but its expectation
 * is A up to terms of third order in sigma/A, so the map's medians are not biased by noise at moderate SNR.
 * Used only for the concentration map; ROI means use the unbiased estimator above.
 */
export function pixelAmplitude(magnitude: number, sigmaSquared: number): number {
  return Math.sqrt(Math.max(magnitude * magnitude - sigmaSquared, 0));
}

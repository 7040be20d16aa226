import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { noiseSigmaFromBackground, pixelAmplitude, ricianMagnitude, unbiasedAmplitude } from './rician.ts';

const SAMPLES = 400_000;

/** Rician magnitudes of amplitude A (times a weight's inverse, when given) with noise sigma. */
function magnitudes(amplitude: number, sigma: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: SAMPLES }, () =>
    ricianMagnitude(amplitude, sigma, random.normal(), random.normal()),
  );
}
const meanOf = (values: ArrayLike<number>, f: (v: number, i: number) => number = (v) => v) => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += f(values[i]!, i);
  return sum / values.length;
};

describe('Rician noise', () => {
  it('is the magnitude of the signal plus complex noise', () => {
    expect(ricianMagnitude(3, 1, 1, 2)).toBe(Math.sqrt(16 + 4));
    expect(ricianMagnitude(3, 0.5, -2, 0)).toBe(2);
  });

  it('has E[M^2] = A^2 + 2 sigma^2, and a mean biased upwards at low SNR', () => {
    const m = magnitudes(2, 1, 1);
    expect(meanOf(m, (v) => v * v)).toBeCloseTo(4 + 2, 1);
    // At SNR 2 the Rician mean, sigma sqrt(pi/2) L_1/2(-A^2 / 2 sigma^2), is 2.27: 14 % high.
    expect(meanOf(m) / 2).toBeGreaterThan(1.1);
  });

  it('estimates sigma from a signal-free background, both from <M^2> and as the Rayleigh mean says', () => {
    const background = magnitudes(0, 3, 2);
    expect(noiseSigmaFromBackground(meanOf(background, (v) => v * v))).toBeCloseTo(3, 1);
    // The alternative estimator of the method notes, sigma = mean / sqrt(pi/2), agrees on Rayleigh data.
    expect(meanOf(background) / Math.sqrt(Math.PI / 2)).toBeCloseTo(3, 1);
  });

  it('recovers an ROI amplitude without bias at SNR 1.5, where the plain mean is 30 % high', () => {
    const sigma = 1;
    const m = magnitudes(1.5, sigma, 3);
    const noisePower = meanOf(magnitudes(0, sigma, 4), (v) => v * v);
    expect(meanOf(m) / 1.5).toBeGreaterThan(1.25);
    expect(
      unbiasedAmplitude(
        meanOf(m, (v) => v * v),
        1,
        noisePower,
      ),
    ).toBeCloseTo(1.5, 2);
  });

  it('stays unbiased when the correction weight varies inside the ROI', () => {
    // A uniform ROI seen through a receive field falling from 1.5 to 0.5: each voxel measures A * R.
    const random = createRandom(5);
    const amplitude = 2;
    const receive = Float64Array.from({ length: SAMPLES }, (_, i) => 1.5 - i / SAMPLES);
    const m = receive.map((r) => ricianMagnitude(amplitude * r, 1, random.normal(), random.normal()));
    const weightedSquare = meanOf(m, (v, i) => (v / receive[i]!) ** 2);
    const squaredWeight = meanOf(receive, (r) => 1 / (r * r));
    expect(unbiasedAmplitude(weightedSquare, squaredWeight, 2)).toBeCloseTo(amplitude, 2);
    // Ignoring the weights in the bias term would overcorrect by far more than the tolerance above.
    expect(Math.abs(unbiasedAmplitude(weightedSquare, 1, 2) - amplitude)).toBeGreaterThan(0.05);
  });

  it('gives zero for an ROI at the noise floor', () => {
    expect(unbiasedAmplitude(1.9, 1, 2)).toBe(0);
  });

  it('corrects pixels to the amplitude on average at moderate SNR, where the plain mean is 2 % high', () => {
    const m = magnitudes(5, 1, 6);
    expect(meanOf(m) / 5).toBeGreaterThan(1.015);
    expect(meanOf(m, (v) => pixelAmplitude(v, 1)) / 5).toBeCloseTo(1, 3);
    expect(pixelAmplitude(0.5, 1)).toBe(0);
  });
});

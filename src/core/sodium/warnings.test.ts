import { describe, expect, it } from 'vitest';
import {
  calibrationWarnings,
  clippingWarning,
  concentrationWarning,
  legendWarnings,
  roiWarnings,
} from './warnings.ts';

const ROI = { label: 12, name: 'PIP3', voxels: 200, thick: true, belowNoise: false, snr: 20 };

describe('warnings', () => {
  it('flag a poor or unchecked calibration', () => {
    expect(calibrationWarnings(0.999, 5)).toEqual([]);
    expect(calibrationWarnings(0.98, 5)).toEqual(['Calibration r² is 0.9800, below 0.99']);
    expect(calibrationWarnings(1, 2)[0]).toMatch(/^Only 2 reference tubes/);
  });

  it('flag small, thin, low-SNR and noise-floor ROIs', () => {
    expect(roiWarnings(ROI)).toEqual([]);
    expect(roiWarnings({ ...ROI, voxels: 29 })).toEqual([
      'ROI 12 (PIP3) has 29 voxels, fewer than 30: partial volume and noise dominate',
    ]);
    expect(roiWarnings({ ...ROI, voxels: 30 })).toEqual([]);
    expect(roiWarnings({ ...ROI, thick: false })).toEqual([
      'ROI 12 (PIP3) is thinner than 2 voxels: partial volume dominates',
    ]);
    expect(roiWarnings({ ...ROI, snr: 4.2 })).toEqual([
      'ROI 12 (PIP3) has a low SNR of 4.2 against the noise label (below 5)',
    ]);
    expect(roiWarnings({ ...ROI, snr: null })).toEqual([]);
    expect(roiWarnings({ ...ROI, snr: 0, belowNoise: true })).toEqual([
      'ROI 12 (PIP3) cannot be told apart from noise: its mean signal is at the noise floor',
    ]);
  });

  it('flag concentrations outside 0-400 mmol/L', () => {
    expect(concentrationWarning(ROI, 0)).toBeNull();
    expect(concentrationWarning(ROI, 400)).toBeNull();
    expect(concentrationWarning(ROI, -3)).toMatch(/negative mean concentration \(-3\.0 mmol\/L\)/);
    expect(concentrationWarning(ROI, 412)).toMatch(/412\.0 mmol\/L, above 400/);
  });

  it('flag a clipped reference only when voxels pile up at the image maximum', () => {
    expect(clippingWarning({ ...ROI, voxels: 1000 }, 1)).toBeNull();
    expect(clippingWarning({ ...ROI, voxels: 1000 }, 4)).toBeNull();
    expect(clippingWarning({ ...ROI, voxels: 1000 }, 5)).toMatch(
      /^Reference 12 \(PIP3\) is saturated or clipped: 5 of its 1000/,
    );
    expect(clippingWarning({ ...ROI, voxels: 100 }, 2)).not.toBeNull();
  });

  it('name labels missing from the legend or from the map', () => {
    expect(legendWarnings([7, 9], [{ label: 30, name: 'DIP5' }])).toEqual([
      'Label values 7, 9 are in the label map but not in the legend: ignored',
      'ROI 30 (DIP5) is in the legend but has no voxels in the label map: not reported',
    ]);
  });
});

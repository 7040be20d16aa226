import { describe, expect, it } from 'vitest';
import type { LegendEntry } from './inputs.ts';
import { concentrationMap } from './map.ts';
import { quantify } from './quantify.ts';
import { createRandom } from './random.ts';
import { ricianMagnitude } from './rician.ts';
import type { RelaxationModel } from './signal-model.ts';

/** An 8³ scene: two tubes (50 and 200 mM), a joint (150 mM), a noise slab, Rician noise and a receive field. */
const N = 8;
const GRID = {
  dims: [N, N, N] as [number, number, number],
  spacing: [3, 3, 3] as [number, number, number],
  affine: [3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1],
};
const LEGEND: LegendEntry[] = [
  { label: 1, name: 'Tube 50', kind: 'reference', concentrationMmol: 50 },
  { label: 2, name: 'Tube 200', kind: 'reference', concentrationMmol: 200 },
  { label: 5, name: 'Air', kind: 'noise' },
  { label: 10, name: 'MCP2', kind: 'joint' },
];
const RELAXATION: RelaxationModel = {
  acquisition: { trMs: 100, teMs: 0.3, flipAngleDeg: 80 },
  compartments: {
    reference: { t1Ms: 50, t2Star: [{ fraction: 1, t2StarMs: 50 }] },
    joint: {
      t1Ms: 20,
      t2Star: [
        { fraction: 0.6, t2StarMs: 0.9 },
        { fraction: 0.4, t2StarMs: 15 },
      ],
    },
    tissue: { t1Ms: 20, t2Star: [{ fraction: 1, t2StarMs: 10 }] },
  },
};

function scene() {
  const random = createRandom(11);
  const labels = new Int16Array(N ** 3);
  const sodium = new Float32Array(N ** 3);
  const receive = Float32Array.from({ length: N ** 3 }, (_, i) => 0.9 + 0.2 * ((i * 0.6180339887) % 1));
  for (let i = 0; i < N ** 3; i++) {
    const x = i % N;
    const z = Math.floor(i / (N * N));
    const [label, mmol] = z >= 6 ? [5, 0] : x < 2 ? [1, 50] : x < 4 ? [2, 200] : x < 6 ? [10, 150] : [0, 30];
    labels[i] = label;
    sodium[i] = ricianMagnitude(10 * mmol * receive[i]!, 20, random.normal(), random.normal());
  }
  return { labels, sodium, receive };
}

describe('concentrationMap', () => {
  it('reproduces the map of the quantification whose calibration and inputs it is given, voxel for voxel', () => {
    const { labels, sodium, receive } = scene();
    const inputs = { grid: GRID, sodium, labels, legend: LEGEND, receive, relaxation: RELAXATION };
    const quantified = quantify({ ...inputs, noiseCorrection: true });
    const map = concentrationMap({ ...inputs, calibration: quantified.calibration, noiseCorrection: true });
    expect(map).toEqual(quantified.map);
  });

  it('applies the calibration line to the signal, with the pixel-wise noise correction when it was applied', () => {
    const calibration = { slope: 2, intercept: 10, noiseSigma: 3 };
    const sodium = Float32Array.of(10, 110, 5, 2);
    const grid = { ...GRID, dims: [4, 1, 1] as [number, number, number] };
    expect([...concentrationMap({ grid, sodium, calibration, noiseCorrection: false })]).toEqual([
      0, 50, -2.5, -4,
    ]);
    const corrected = concentrationMap({ grid, sodium, calibration, noiseCorrection: true });
    expect(corrected[1]).toBeCloseTo((Math.sqrt(110 ** 2 - 9) - 10) / 2, 5);
    expect(corrected[3]).toBe(-5); // below the noise floor: amplitude 0
  });

  it('refuses volumes off the grid', () => {
    expect(() =>
      concentrationMap({
        grid: GRID,
        sodium: new Float32Array(7),
        calibration: { slope: 1, intercept: 0, noiseSigma: null },
        noiseCorrection: false,
      }),
    ).toThrow(/sodium volume has 7 voxels/);
  });
});

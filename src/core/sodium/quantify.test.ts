import { describe, expect, it } from 'vitest';
import { ManusError } from '../errors.ts';
import type { LegendEntry } from './inputs.ts';
import { quantify, type QuantifyInput } from './quantify.ts';
import { createRandom } from './random.ts';
import { ricianMagnitude } from './rician.ts';
import { compartmentConstants, signalFactor, type RelaxationModel } from './signal-model.ts';

/**
 * A 16³ scene: three reference cubes (50, 100, 200 mM), a joint cube (150 mM) and a 4×4×4 tissue cube (20 mM),
 * each 4×4×4 voxels, and two background slices labelled noise. The signal is 10 per mM times a receive field,
 * noise-free unless asked. The receive field varies from voxel to voxel (a golden-ratio sequence) so that no two
 * voxels are equal, as in real data: a tube of identical voxels would look clipped.
 */
const N = 16;
const GRID = {
  dims: [N, N, N] as [number, number, number],
  spacing: [2, 2, 2] as [number, number, number],
  affine: [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1],
};
const LEGEND: LegendEntry[] = [
  { label: 1, name: 'Tube 50', kind: 'reference', concentrationMmol: 50 },
  { label: 2, name: 'Tube 100', kind: 'reference', concentrationMmol: 100 },
  { label: 3, name: 'Tube 200', kind: 'reference', concentrationMmol: 200 },
  { label: 6, name: 'Air', kind: 'noise' },
  { label: 10, name: 'MCP2', kind: 'joint' },
  { label: 20, name: 'Muscle', kind: 'tissue' },
];
const CUBES: [label: number, mmol: number, x: number][] = [
  [1, 50, 0],
  [2, 100, 4],
  [3, 200, 8],
  [10, 150, 12],
];
const at = (x: number, y: number, z: number) => x + N * (y + N * z);
const RECEIVE = Float32Array.from({ length: N ** 3 }, (_, i) => 0.9 + 0.2 * ((i * 0.6180339887) % 1));

function scene(
  options: { sigma?: number; seed?: number; receive?: Float32Array; factor?: (label: number) => number } = {},
) {
  const labels = new Int16Array(N ** 3);
  const truth = new Float64Array(N ** 3);
  for (const [label, mmol, x0] of CUBES)
    for (let z = 4; z < 8; z++)
      for (let y = 4; y < 8; y++)
        for (let x = x0; x < x0 + 4; x++) {
          labels[at(x, y, z)] = label;
          truth[at(x, y, z)] = mmol;
        }
  for (let z = 10; z < 14; z++)
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) {
        labels[at(x, y, z)] = 20;
        truth[at(x, y, z)] = 20;
      }
  for (let i = at(0, 0, 14); i < N ** 3; i++) labels[i] = 6;
  const random = createRandom(options.seed ?? 1);
  const sodium = Float32Array.from(truth, (c, i) => {
    const amplitude = 10 * c * (options.receive ?? RECEIVE)[i]! * (options.factor?.(labels[i]!) ?? 1);
    return options.sigma
      ? ricianMagnitude(amplitude, options.sigma, random.normal(), random.normal())
      : amplitude;
  });
  return { labels, sodium };
}

const input = (overrides: Partial<QuantifyInput> = {}): QuantifyInput => ({
  grid: GRID,
  ...scene(),
  receive: RECEIVE,
  legend: LEGEND,
  noiseCorrection: true,
  ...overrides,
});

function badRequest(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof ManusError && error.kind === 'bad_request') return error.message;
    throw error;
  }
  throw new Error('expected a bad_request');
}

describe('quantify', () => {
  it('recovers exact concentrations, the calibration and the ROI geometry from noise-free data', () => {
    const progress: number[] = [];
    const result = quantify(input({ onProgress: (done, total) => progress.push(done / total) }));
    // Exact up to the float32 storage of the signal.
    expect(result.calibration.slope).toBeCloseTo(10, 6);
    expect(result.calibration.intercept).toBeCloseTo(0, 4);
    expect(result.calibration.r2).toBeCloseTo(1, 10);
    expect(result.calibration.noiseSigma).toBe(0);
    expect(result.calibration.references.map((r) => [r.label, r.correctedSignal, r.voxels])).toEqual([
      [1, expect.closeTo(500, 3), 64],
      [2, expect.closeTo(1000, 3), 64],
      [3, expect.closeTo(2000, 3), 64],
    ]);
    const [joint, tissue] = result.rois;
    expect(joint).toMatchObject({ label: 10, name: 'MCP2', kind: 'joint', voxels: 64, volumeMm3: 512 });
    expect(joint!.concentrationMmol.mean).toBeCloseTo(150, 4);
    expect(joint!.concentrationMmol.median).toBeCloseTo(150, 4);
    expect(joint!.concentrationMmol.sd).toBeCloseTo(0, 4);
    expect(tissue!.concentrationMmol.mean).toBeCloseTo(20, 4);
    expect(result.map[at(13, 5, 5)]).toBeCloseTo(150, 4);
    expect(result.map[at(0, 0, 0)]).toBeCloseTo(0, 4);
    expect(result.warnings).toEqual([]);
    expect(progress.at(-1)).toBe(1);
  });

  it('divides by the receive field and by the signal model of each compartment', () => {
    const receive = Float32Array.from({ length: N ** 3 }, (_, i) => 0.5 + (i % N) / N + RECEIVE[i]! / 10);
    const relaxation: RelaxationModel = {
      acquisition: { trMs: 80, teMs: 0.5, flipAngleDeg: 90 },
      compartments: {
        reference: { t1Ms: 45, t2Star: [{ fraction: 1, t2StarMs: 30 }] },
        joint: {
          t1Ms: 19,
          t2Star: [
            { fraction: 0.6, t2StarMs: 0.9 },
            { fraction: 0.4, t2StarMs: 14.9 },
          ],
        },
        tissue: { t1Ms: 25, t2Star: [{ fraction: 1, t2StarMs: 10 }] },
      },
    };
    const factor = (kind: 'reference' | 'joint' | 'tissue') =>
      signalFactor(compartmentConstants(relaxation.acquisition, relaxation.compartments[kind]));
    const data = scene({
      receive,
      factor: (label) => factor(label === 10 ? 'joint' : label === 20 ? 'tissue' : 'reference'),
    });
    const corrected = quantify(input({ ...data, receive, relaxation }));
    expect(corrected.rois[0]!.concentrationMmol.mean).toBeCloseTo(150, 4);
    expect(corrected.rois[1]!.concentrationMmol.mean).toBeCloseTo(20, 4);
    expect(corrected.calibration.r2).toBeCloseTo(1, 12);
    // Without the corrections the same data are off: the joint by its relaxation relative to the tubes.
    const uncorrected = quantify(input({ ...data, receive }));
    expect(uncorrected.rois[0]!.concentrationMmol.mean / 150).toBeCloseTo(
      factor('joint') / factor('reference'),
      6,
    );
  });

  it('corrects the Rician bias of ROI means, and reports sigma from the noise label', () => {
    // The 20 mM tissue at SNR 1, over 40 noise draws: 64 voxels are too few for one draw to show the bias.
    const tissue = { corrected: 0, plain: 0 };
    const runs = 40;
    for (let seed = 1; seed <= runs; seed++) {
      const noisy = scene({ sigma: 200, seed });
      const corrected = quantify(input(noisy));
      // 512 background voxels: sigma within 10 % (4.5 standard errors).
      expect(Math.abs(corrected.calibration.noiseSigma! / 200 - 1)).toBeLessThan(0.1);
      tissue.corrected += corrected.rois[1]!.concentrationMmol.mean / runs;
      tissue.plain +=
        quantify(input({ ...noisy, noiseCorrection: false })).rois[1]!.concentrationMmol.mean / runs;
    }
    // The Rician mean at SNR 1 is 1.55 A; the plain estimate reads about 28 mM, the corrected one 20 ± 0.8.
    expect(tissue.plain).toBeGreaterThan(26);
    expect(Math.abs(tissue.corrected - 20)).toBeLessThan(2.5);
    const lowSnr = quantify(input(scene({ sigma: 300 }))).warnings;
    expect(lowSnr).toContain('ROI 1 (Tube 50) has a low SNR of 1.7 against the noise label (below 5)');
  });

  it('runs without a noise label when the noise correction is off', () => {
    const legend = LEGEND.filter((e) => e.kind !== 'noise');
    const result = quantify(input({ legend, noiseCorrection: false }));
    expect(result.calibration.noiseSigma).toBeNull();
    expect(result.rois[0]!.concentrationMmol.mean).toBeCloseTo(150, 4);
  });

  describe('refuses bad input', () => {
    it('a noise correction without a noise label', () => {
      expect(badRequest(() => quantify(input({ legend: LEGEND.filter((e) => e.kind !== 'noise') })))).toMatch(
        /noise correction needs a noise label/,
      );
    });

    it('NaN or infinite voxels', () => {
      const { sodium, labels } = scene();
      sodium[at(3, 3, 3)] = Number.NaN;
      sodium[at(3, 3, 4)] = Number.POSITIVE_INFINITY;
      expect(badRequest(() => quantify(input({ sodium, labels })))).toBe(
        `The sodium volume has 2 NaN or infinite voxels (the first at index ${at(3, 3, 3)})`,
      );
      const receive = RECEIVE.slice();
      receive[5] = Number.NaN;
      expect(badRequest(() => quantify(input({ receive })))).toMatch(/^The receive volume has 1 NaN/);
    });

    it('a transmit field without the relaxation model', () => {
      expect(badRequest(() => quantify(input({ transmit: new Float32Array(N ** 3).fill(1) })))).toMatch(
        /transmit field needs the relaxation model/,
      );
    });

    it('a receive field that is not positive inside an ROI (but accepts it outside)', () => {
      const receive = RECEIVE.slice();
      receive[at(0, 15, 0)] = 0;
      const outside = quantify(input({ receive }));
      expect(outside.map[at(0, 15, 0)]).toBeNaN();
      receive[at(13, 5, 5)] = 0;
      expect(badRequest(() => quantify(input({ receive })))).toMatch(
        /not positive at voxel \d+, inside ROI 10 \(MCP2\)/,
      );
    });

    it('a reference or noise label with no voxels, and volumes of the wrong size', () => {
      const legend: LegendEntry[] = [
        ...LEGEND,
        { label: 4, name: 'Tube 300', kind: 'reference', concentrationMmol: 300 },
      ];
      expect(badRequest(() => quantify(input({ legend })))).toMatch(
        /reference label 4 \(Tube 300\) has no voxels/,
      );
      expect(badRequest(() => quantify(input({ receive: new Float32Array(10) })))).toMatch(
        /receive volume has 10 voxels/,
      );
    });
  });

  describe('warns', () => {
    it('on a clipped reference, a poor line, and labels missing from the legend or the map', () => {
      const { sodium, labels } = scene();
      // Clip at 1500: the 64 voxels of the top tube sit at the image maximum, and the line bends (r² 0.964).
      for (let i = 0; i < sodium.length; i++) sodium[i] = Math.min(sodium[i]!, 1500);
      labels[at(15, 15, 0)] = 99;
      const legend: LegendEntry[] = [...LEGEND, { label: 11, name: 'PIP2', kind: 'joint' }];
      const warnings = quantify(input({ sodium, labels, legend })).warnings;
      expect(warnings).toContain(
        'Reference 3 (Tube 200) is saturated or clipped: 64 of its 64 voxels sit at the image maximum',
      );
      expect(warnings.some((w) => /^Calibration r² is 0\.96\d\d, below 0\.99$/.test(w))).toBe(true);
      expect(warnings).toContain('Label values 99 are in the label map but not in the legend: ignored');
      expect(warnings).toContain(
        'ROI 11 (PIP2) is in the legend but has no voxels in the label map: not reported',
      );
    });

    it('on small and thin ROIs, and concentrations outside 0-400 mmol/L', () => {
      const { sodium, labels } = scene();
      // The joint becomes a one-voxel-thick 4×4 sheet of 16 voxels reading 490 mM (5000 less the intercept, over 10).
      for (let z = 5; z < 8; z++)
        for (let y = 4; y < 8; y++) for (let x = 12; x < 16; x++) labels[at(x, y, z)] = 0;
      for (let y = 4; y < 8; y++)
        for (let x = 12; x < 16; x++) sodium[at(x, y, 4)] = 5000 * RECEIVE[at(x, y, 4)]!;
      // The tissue has no signal while the tubes gain an offset of 100 (the line's intercept): it reads -10 mM.
      for (let i = 0; i < sodium.length; i++) {
        if (labels[i] === 20) sodium[i] = 0;
        if (labels[i]! >= 1 && labels[i]! <= 3) sodium[i] = sodium[i]! + 100 * RECEIVE[i]!;
      }
      const result = quantify(input({ sodium, labels, noiseCorrection: false }));
      expect(result.rois[0]!.voxels).toBe(16);
      expect(result.rois[1]!.concentrationMmol.mean).toBeCloseTo(-10, 4);
      expect(result.warnings).toEqual([
        'ROI 10 (MCP2) has 16 voxels, fewer than 30: partial volume and noise dominate',
        'ROI 10 (MCP2) is thinner than 2 voxels: partial volume dominates',
        'ROI 10 (MCP2) has a mean concentration of 490.0 mmol/L, above 400',
        'ROI 20 (Muscle) has a negative mean concentration (-10.0 mmol/L)',
      ]);
    });
  });
});

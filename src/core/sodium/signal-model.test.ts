import { describe, expect, it } from 'vitest';
import { compartmentConstants, signalFactor, steadyState, t2StarDecay } from './signal-model.ts';

const CARTILAGE = [
  { fraction: 0.6, t2StarMs: 0.9 },
  { fraction: 0.4, t2StarMs: 14.9 },
];

describe('signal model', () => {
  it('reproduces the worked example of the method notes: at TE 0.3 ms cartilage keeps 82 %, saline 99 %', () => {
    expect(t2StarDecay(0.3, CARTILAGE)).toBeCloseTo(
      0.6 * Math.exp(-0.3 / 0.9) + 0.4 * Math.exp(-0.3 / 14.9),
      12,
    );
    expect(t2StarDecay(0.3, CARTILAGE)).toBeCloseTo(0.822, 3);
    expect(t2StarDecay(0.3, [{ fraction: 1, t2StarMs: 50 }])).toBeCloseTo(0.994, 3);
    expect(t2StarDecay(0, CARTILAGE)).toBe(1);
  });

  it('has the spoiled steady state of Ernst and Anderson', () => {
    // Full relaxation (E1 = 0): the signal is sin(flip).
    expect(steadyState(Math.PI / 6, 0)).toBeCloseTo(0.5, 12);
    // A 90° pulse leaves 1 - E1.
    expect(steadyState(Math.PI / 2, 0.3)).toBeCloseTo(0.7, 12);
    // The Ernst angle, cos(flip) = E1, gives the largest signal.
    const e1 = Math.exp(-10 / 40);
    const ernst = Math.acos(e1);
    for (const flip of [ernst - 0.05, ernst + 0.05])
      expect(steadyState(flip, e1)).toBeLessThan(steadyState(ernst, e1));
  });

  it('makes short-T1 tissue read high at short TR, and scales the flip angle by the transmit field', () => {
    const acquisition = { trMs: 80, teMs: 0, flipAngleDeg: 90 };
    const tube = compartmentConstants(acquisition, { t1Ms: 45, t2Star: [{ fraction: 1, t2StarMs: 30 }] });
    const tissue = compartmentConstants(acquisition, { t1Ms: 19, t2Star: CARTILAGE });
    expect(tube.e1).toBeCloseTo(Math.exp(-80 / 45), 12);
    expect(signalFactor(tissue) / signalFactor(tube)).toBeCloseTo(
      (1 - Math.exp(-80 / 19)) / (1 - Math.exp(-80 / 45)),
      12,
    );
    expect(signalFactor(tube, 0.5)).toBeCloseTo(steadyState(Math.PI / 4, tube.e1), 12);
    expect(signalFactor(tube, 0.5)).toBeLessThan(0.85 * signalFactor(tube));
    // 90° is past the Ernst angle here (acos E1 = 80°), so a slightly low transmit field reads slightly high.
    expect(signalFactor(tube, 0.8)).toBeGreaterThan(signalFactor(tube));
  });
});

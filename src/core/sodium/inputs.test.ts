import { describe, expect, it } from 'vitest';
import { ManusError } from '../errors.ts';
import { parseLegend, parseRelaxation } from './inputs.ts';

function failure(f: () => unknown): ManusError {
  try {
    f();
  } catch (error) {
    if (error instanceof ManusError) return error;
    throw error;
  }
  throw new Error('expected a ManusError');
}

const TUBES = {
  '1': { name: 'Tube 50', kind: 'reference', concentrationMmol: 50 },
  '2': { name: 'Tube 150', kind: 'reference', concentrationMmol: 150 },
};
const COMPARTMENT = { t1Ms: 20, t2Star: 25 };
const RELAXATION = {
  trMs: 100,
  teMs: 0.3,
  flipAngleDeg: 90,
  compartments: { reference: COMPARTMENT, joint: COMPARTMENT, tissue: COMPARTMENT },
};

describe('legend', () => {
  it('lists the labels in order with their kinds', () => {
    const legend = parseLegend({
      labels: { ...TUBES, '10': { name: 'MCP2', kind: 'joint' }, '3': { name: 'Air', kind: 'noise' } },
    });
    expect(legend.map((e) => [e.label, e.kind])).toEqual([
      [1, 'reference'],
      [2, 'reference'],
      [3, 'noise'],
      [10, 'joint'],
    ]);
    expect(legend[0]).toEqual({ label: 1, name: 'Tube 50', kind: 'reference', concentrationMmol: 50 });
  });

  it('refuses a reference without a concentration, naming it', () => {
    const error = failure(() =>
      parseLegend({ labels: { ...TUBES, '4': { name: 'Tube X', kind: 'reference' } } }),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.message).toBe('Reference 4 (Tube X) has no concentration');
    expect(error.fields).toEqual([
      { path: 'legend.labels.4.concentrationMmol', code: 'required', message: 'required for a reference' },
    ]);
  });

  it('refuses a legend with no reference, or only one', () => {
    expect(failure(() => parseLegend({ labels: { '10': { name: 'MCP2', kind: 'joint' } } })).message).toMatch(
      /no reference/,
    );
    expect(failure(() => parseLegend({ labels: { '1': TUBES['1'] } })).message).toMatch(/one reference/);
  });

  it('names each malformed field', () => {
    const error = failure(() =>
      parseLegend({
        labels: { ...TUBES, x: { name: 'A', kind: 'joint' }, '7': { name: '', kind: 'bone', colour: 'red' } },
      }),
    );
    expect(error.message).toBe('Invalid legend');
    const paths = error.fields.map((f) => f.path);
    expect(paths).toContain('legend.labels.x');
    expect(paths).toContain('legend.labels.7.name');
    expect(paths).toContain('legend.labels.7.kind');
    expect(paths).toContain('legend.labels.7');
    expect(failure(() => parseLegend([])).fields[0]!.path).toBe('legend');
    expect(
      failure(() => parseLegend({ labels: { ...TUBES, '70000': { name: 'A', kind: 'joint' } } })).message,
    ).toMatch(/at most 65535/);
  });
});

describe('relaxation model', () => {
  it('reads mono- and bi-exponential T2*', () => {
    const model = parseRelaxation({
      ...RELAXATION,
      compartments: {
        ...RELAXATION.compartments,
        joint: {
          t1Ms: 19,
          t2Star: [
            { fraction: 0.6, t2StarMs: 0.9 },
            { fraction: 0.4, t2StarMs: 14.9 },
          ],
        },
      },
    });
    expect(model.acquisition).toEqual({ trMs: 100, teMs: 0.3, flipAngleDeg: 90 });
    expect(model.compartments.reference.t2Star).toEqual([{ fraction: 1, t2StarMs: 25 }]);
    expect(model.compartments.joint.t2Star).toHaveLength(2);
  });

  it('refuses fractions that do not add up to 1, a missing compartment and impossible values', () => {
    const fractions = failure(() =>
      parseRelaxation({
        ...RELAXATION,
        compartments: {
          ...RELAXATION.compartments,
          joint: { t1Ms: 19, t2Star: [{ fraction: 0.6, t2StarMs: 0.9 }] },
        },
      }),
    );
    expect(fractions.fields.some((f) => f.path.startsWith('relaxation.compartments.joint.t2Star'))).toBe(
      true,
    );
    const missing = failure(() =>
      parseRelaxation({ ...RELAXATION, compartments: { reference: COMPARTMENT, joint: COMPARTMENT } }),
    );
    expect(missing.fields.map((f) => f.path)).toContain('relaxation.compartments.tissue');
    const values = failure(() => parseRelaxation({ ...RELAXATION, trMs: -1, flipAngleDeg: 200 }));
    expect(values.fields.map((f) => f.path).sort()).toEqual(['relaxation.flipAngleDeg', 'relaxation.trMs']);
  });
});

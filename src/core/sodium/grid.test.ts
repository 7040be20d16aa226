import { describe, expect, it } from 'vitest';
import { assertSameGrid, indexLabels } from './grid.ts';
import type { LegendEntry } from './inputs.ts';

const GRID = {
  dims: [4, 3, 2] as [number, number, number],
  spacing: [2, 2, 3] as [number, number, number],
  affine: [2, 0, 0, -10, 0, 2, 0, 5, 0, 0, 3, 1, 0, 0, 0, 1],
};
const LEGEND: LegendEntry[] = [
  { label: 1, name: 'Tube', kind: 'reference', concentrationMmol: 50 },
  { label: 300, name: 'MCP2', kind: 'joint' },
];

describe('grids', () => {
  it('accepts the same grid up to float32 rounding', () => {
    expect(() =>
      assertSameGrid(GRID, { ...GRID, affine: GRID.affine.map((v) => Math.fround(v + 1e-6)) }, 'labels'),
    ).not.toThrow();
  });

  it('refuses other dimensions or a shifted grid', () => {
    expect(() => assertSameGrid(GRID, { ...GRID, dims: [4, 3, 3] }, 'labels')).toThrow(
      'The labels grid (4×3×3) does not match the sodium grid (4×3×2)',
    );
    const shifted = GRID.affine.map((v, i) => (i === 3 ? v + 1 : v));
    expect(() => assertSameGrid(GRID, { ...GRID, affine: shifted }, 'receive-field')).toThrow(
      /receive-field grid is not the sodium grid: .* differ by up to 1\.00 mm/,
    );
  });
});

describe('label index', () => {
  it('maps label values to legend positions and reports labels the legend does not name', () => {
    const index = indexLabels(Float32Array.from([0, 1, 300, 300, 7, 0, 9]), LEGEND);
    expect(Array.from(index.dense)).toEqual([0, 1, 2, 2, 0, 0, 0]);
    expect(index.unknownLabels).toEqual([7, 9]);
  });

  it('refuses NaN, fractional, negative and too large labels', () => {
    for (const bad of [Number.NaN, 1.5, -1, 70000])
      expect(() => indexLabels(Float32Array.from([0, bad]), LEGEND)).toThrow(
        /labels must be integers from 0 to 65535/,
      );
  });
});

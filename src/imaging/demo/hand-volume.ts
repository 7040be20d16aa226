import { bounds, contains, type Point } from '../../core/sodium/phantom/shapes.ts';
import { FIELD_OF_VIEW_MM, TISSUE_COUNT, type Stroke } from './hand-model.ts';

/**
 * A grid over the hand model's box: `columns` across (x), `rows` down (y), `slices` up from the table (z), voxel
 * centres at (i + ½) × spacing. Every series of a demo exam covers the same box, so their grids only differ in
 * resolution and share one frame of reference.
 */
export interface Grid {
  columns: number;
  rows: number;
  slices: number;
  /** mm between columns, between rows, between slices. */
  spacing: Point;
}

export interface GridSize {
  columns: number;
  rows: number;
  slices: number;
}

export function gridOf(size: GridSize): Grid {
  return {
    ...size,
    spacing: [
      FIELD_OF_VIEW_MM[0] / size.columns,
      FIELD_OF_VIEW_MM[1] / size.rows,
      FIELD_OF_VIEW_MM[2] / size.slices,
    ],
  };
}

/** The tissue at every voxel centre of the grid, strokes painted in order (later strokes win). */
export function rasterise(grid: Grid, strokes: readonly Stroke[]): Uint8Array {
  const { columns: nx, rows: ny, slices: nz } = grid;
  const [dx, dy, dz] = grid.spacing;
  const labels = new Uint8Array(nx * ny * nz);
  const allowed = new Uint8Array(TISSUE_COUNT);
  for (const { shape, tissue, over } of strokes) {
    allowed.fill(over ? 0 : 1);
    for (const t of over ?? []) allowed[t] = 1;
    const { min, max } = bounds(shape);
    // Voxel i has its centre at (i + ½) d: the voxels whose centres fall inside the bounding box.
    const lo = [min[0] / dx, min[1] / dy, min[2] / dz].map((v) => Math.max(0, Math.ceil(v - 0.5)));
    const hi = [max[0] / dx, max[1] / dy, max[2] / dz].map((v, a) =>
      Math.min([nx, ny, nz][a]! - 1, Math.floor(v - 0.5)),
    );
    for (let k = lo[2]!; k <= hi[2]!; k++) {
      const z = (k + 0.5) * dz;
      for (let j = lo[1]!; j <= hi[1]!; j++) {
        const y = (j + 0.5) * dy;
        const row = nx * (j + ny * k);
        for (let i = lo[0]!; i <= hi[0]!; i++) {
          if (allowed[labels[row + i]!] && contains(shape, (i + 0.5) * dx, y, z)) labels[row + i] = tissue;
        }
      }
    }
  }
  return labels;
}

/** Smooths one slice in place with the separable 1-2-1 kernel, as the finite k-space of a real scan would. */
export function smoothSlice(values: Float32Array, columns: number, rows: number): void {
  const tmp = new Float32Array(values.length);
  for (let j = 0; j < rows; j++) {
    const r = j * columns;
    for (let i = 0; i < columns; i++) {
      const left = values[r + Math.max(0, i - 1)]!;
      const right = values[r + Math.min(columns - 1, i + 1)]!;
      tmp[r + i] = 0.25 * left + 0.5 * values[r + i]! + 0.25 * right;
    }
  }
  for (let j = 0; j < rows; j++) {
    const up = Math.max(0, j - 1) * columns;
    const down = Math.min(rows - 1, j + 1) * columns;
    const r = j * columns;
    for (let i = 0; i < columns; i++)
      values[r + i] = 0.25 * tmp[up + i]! + 0.5 * tmp[r + i]! + 0.25 * tmp[down + i]!;
  }
}

/**
 * One slice of a coarser grid (the 23Na series) as the mean of a per-tissue value over the fine voxels whose
 * centres fall in each coarse voxel: the partial-volume blur of a low-resolution acquisition.
 */
export function coarseSlice(
  fine: Grid,
  labels: Uint8Array,
  value: Float32Array,
  coarse: Grid,
  k: number,
): Float32Array {
  const index = (n: number, d: number, coarseD: number, coarseN: number) =>
    Int32Array.from({ length: n }, (_, i) => Math.min(coarseN - 1, Math.floor(((i + 0.5) * d) / coarseD)));
  const ci = index(fine.columns, fine.spacing[0], coarse.spacing[0], coarse.columns);
  const cj = index(fine.rows, fine.spacing[1], coarse.spacing[1], coarse.rows);
  const ck = index(fine.slices, fine.spacing[2], coarse.spacing[2], coarse.slices);
  const sums = new Float32Array(coarse.columns * coarse.rows);
  const counts = new Uint32Array(sums.length);
  for (let z = 0; z < fine.slices; z++) {
    if (ck[z] !== k) continue;
    for (let y = 0; y < fine.rows; y++) {
      const from = fine.columns * (y + fine.rows * z);
      const to = coarse.columns * cj[y]!;
      for (let x = 0; x < fine.columns; x++) {
        sums[to + ci[x]!]! += value[labels[from + x]!]!;
        counts[to + ci[x]!]! += 1;
      }
    }
  }
  for (let i = 0; i < sums.length; i++) sums[i] = counts[i] ? sums[i]! / counts[i]! : 0;
  return sums;
}

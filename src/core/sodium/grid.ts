import { ManusError } from '../errors.ts';
import { MAX_LABEL, type LegendEntry } from './inputs.ts';

/** What makes two volumes voxel-for-voxel comparable: the same dimensions and the same voxel → mm transform. */
export interface Grid {
  dims: readonly [number, number, number];
  spacing: readonly [number, number, number];
  /** 4×4 row-major, voxel index → mm. */
  affine: readonly number[];
}

/**
 * Refuses a volume that is not on the reference grid. Sodium images reconstructed off the scanner often carry a
 * different frame from the 1H series, so a label map drawn on the wrong one must fail rather than be sampled at
 * the wrong place. The tolerance, a thousandth of the smallest voxel, absorbs float32 storage of the transforms.
 */
export function assertSameGrid(reference: Grid, other: Grid, what: string): void {
  const [a, b] = [reference.dims, other.dims];
  if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2]) {
    throw new ManusError(
      'bad_request',
      `The ${what} grid (${b.join('×')}) does not match the sodium grid (${a.join('×')})`,
      [{ path: what, code: 'rule', message: `must have dimensions ${a.join('×')}` }],
    );
  }
  const tolerance = 1e-3 * Math.min(...reference.spacing);
  let worst = 0;
  for (let i = 0; i < 12; i++) worst = Math.max(worst, Math.abs(reference.affine[i]! - other.affine[i]!));
  if (!(worst <= tolerance)) {
    throw new ManusError(
      'bad_request',
      `The ${what} grid is not the sodium grid: their voxel-to-mm transforms differ by up to ${worst.toPrecision(3)} mm`,
      [{ path: what, code: 'rule', message: 'must be resampled onto the sodium grid' }],
    );
  }
}

/** Label values mapped to dense ROI indices: 0 for no ROI, i + 1 for `rois[i]`. */
export interface LabelIndex {
  dense: Uint8Array | Uint16Array;
  rois: readonly LegendEntry[];
  /** Values present in the map that the legend does not name, ascending. */
  unknownLabels: number[];
}

/** Checks that the label map holds integers from 0 to 65535 and indexes it against the legend in one pass. */
export function indexLabels(labels: ArrayLike<number>, legend: readonly LegendEntry[]): LabelIndex {
  const lookup = new Uint16Array(MAX_LABEL + 1);
  legend.forEach((entry, i) => {
    lookup[entry.label] = i + 1;
  });
  const seen = new Uint8Array(MAX_LABEL + 1);
  const dense = legend.length < 256 ? new Uint8Array(labels.length) : new Uint16Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const value = labels[i]!;
    // Also false for NaN, which fails every comparison.
    if (!(value >= 0 && value <= MAX_LABEL && value === Math.floor(value))) {
      throw new ManusError(
        'bad_request',
        `The label map holds ${value} at voxel ${i}: labels must be integers from 0 to ${MAX_LABEL}`,
        [{ path: 'labels', code: 'not_an_integer', message: 'must be an integer label map' }],
      );
    }
    seen[value] = 1;
    dense[i] = lookup[value]!;
  }
  const unknownLabels: number[] = [];
  for (let v = 1; v <= MAX_LABEL; v++) if (seen[v] && lookup[v] === 0) unknownLabels.push(v);
  return { dense, rois: legend, unknownLabels };
}

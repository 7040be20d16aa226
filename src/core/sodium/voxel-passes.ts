import type { LegendEntry } from './inputs.ts';
import { pixelAmplitude } from './rician.ts';
import {
  COMPARTMENT_KINDS,
  compartmentConstants,
  signalFactor,
  steadyState,
  type CompartmentKind,
  type RelaxationModel,
} from './signal-model.ts';

/**
 * The two passes over the volume. They are the whole cost of a quantification, so they work on typed arrays with
 * per-ROI lookup tables indexed by the dense label, and write into one output buffer.
 */

/** Per-ROI sums, in one Float64Array with this stride: voxels, sum M, M^2, W M, (W M)^2, W^2. */
export const SUM = { n: 0, m: 1, m2: 2, wm: 3, w2m2: 4, w2: 5 } as const;
export const STRIDE = 6;

export interface WeightTables {
  /** 1 / F of each ROI's compartment, when there is no transmit field. */
  inverseFactor: Float64Array;
  /** E1 and D(TE) of each ROI's compartment, for F at the voxel's flip angle. */
  e1: Float64Array;
  decay: Float64Array;
  nominalFlipRad: number;
}

const KIND_INDEX: Record<CompartmentKind, number> = { reference: 0, joint: 1, tissue: 2 };

/**
 * Noise and unlabelled voxels take the tissue model: they only matter for the map. Without a relaxation model
 * F = 1 everywhere; a transmit field is refused then (see checkInputs), so the flip angle is never used.
 */
export function weightTables(
  rois: readonly LegendEntry[],
  relaxation: RelaxationModel | undefined,
): WeightTables {
  const kindOf = Uint8Array.from([
    KIND_INDEX.tissue,
    ...rois.map((r) => (r.kind === 'noise' ? KIND_INDEX.tissue : KIND_INDEX[r.kind])),
  ]);
  if (!relaxation) {
    const ones = new Float64Array(kindOf.length).fill(1);
    return {
      inverseFactor: ones,
      e1: new Float64Array(kindOf.length),
      decay: ones,
      nominalFlipRad: Math.PI / 2,
    };
  }
  const constants = COMPARTMENT_KINDS.map((kind) =>
    compartmentConstants(relaxation.acquisition, relaxation.compartments[kind]),
  );
  const of = (kind: number) => constants[kind]!;
  return {
    inverseFactor: Float64Array.from(kindOf, (k) => 1 / signalFactor(of(k))),
    e1: Float64Array.from(kindOf, (k) => of(k).e1),
    decay: Float64Array.from(kindOf, (k) => of(k).decay),
    nominalFlipRad: of(0).nominalFlipRad,
  };
}

export interface Accumulated {
  sums: Float64Array;
  /** Largest signal in each ROI, and how many of its voxels hold it. */
  roiMax: Float64Array;
  roiAtMax: Float64Array;
  imageMax: number;
  /** First voxel of an ROI (other than noise) where R F is not positive, or -1. */
  badWeight: number;
}

export interface VoxelInputs {
  dims: readonly [number, number, number];
  dense: Uint8Array | Uint16Array;
  sodium: Float32Array;
  receive: Float32Array | undefined;
  transmit: Float32Array | undefined;
  /** 1 for ROIs whose weights must be valid (all but noise). */
  measured: Uint8Array;
}

/**
 * Pass 1: the voxel weights W = 1 / (R F) into `weights`, the per-ROI sums, and the image maximum. A weight that
 * is not positive and finite becomes NaN (the map is undefined there).
 */
export function accumulate(
  input: VoxelInputs,
  tables: WeightTables,
  weights: Float32Array,
  onSlice: () => void,
): Accumulated {
  const { dense, sodium, receive, transmit, measured } = input;
  const { inverseFactor, e1, decay, nominalFlipRad } = tables;
  const [nx, ny, nz] = input.dims;
  const slice = nx * ny;
  const rois = measured.length;
  const sums = new Float64Array(rois * STRIDE);
  const roiMax = new Float64Array(rois).fill(Number.NEGATIVE_INFINITY);
  const roiAtMax = new Float64Array(rois);
  let imageMax = Number.NEGATIVE_INFINITY;
  let badWeight = -1;
  for (let k = 0; k < nz; k++) {
    const end = (k + 1) * slice;
    for (let i = k * slice; i < end; i++) {
      const d = dense[i]!;
      const m = sodium[i]!;
      if (m > imageMax) imageMax = m;
      let w = transmit
        ? 1 / (steadyState(transmit[i]! * nominalFlipRad, e1[d]!) * decay[d]!)
        : inverseFactor[d]!;
      if (receive) w /= receive[i]!;
      if (!(w > 0 && w < Number.POSITIVE_INFINITY)) {
        w = Number.NaN;
        if (measured[d] === 1 && badWeight < 0) badWeight = i;
      }
      weights[i] = w;
      if (d === 0) continue;
      const o = d * STRIDE;
      const wm = w * m;
      sums[o + SUM.n]! += 1;
      sums[o + SUM.m]! += m;
      sums[o + SUM.m2]! += m * m;
      sums[o + SUM.wm]! += wm;
      sums[o + SUM.w2m2]! += wm * wm;
      sums[o + SUM.w2]! += w * w;
      if (m > roiMax[d]!) {
        roiMax[d] = m;
        roiAtMax[d] = 1;
      } else if (m === roiMax[d]) roiAtMax[d]! += 1;
    }
    onSlice();
  }
  return { sums, roiMax, roiAtMax, imageMax, badWeight };
}

/**
 * Pass 2: turns the weights in `map` into concentrations in place, C = (W A - b) / a with the pixel-wise noise
 * correction A = sqrt(M^2 - sigma^2) when sigma^2 > 0, and copies the values of each gathered ROI into its
 * segment of `values` (ROI d owns values[offsets[d], offsets[d + 1])).
 */
export function writeConcentrations(
  input: Pick<VoxelInputs, 'dims' | 'dense' | 'sodium'>,
  line: { slope: number; intercept: number },
  sigmaSquared: number,
  map: Float32Array,
  gathered: Uint8Array,
  offsets: Float64Array,
  values: Float32Array,
  onSlice: () => void,
): void {
  const { dense, sodium } = input;
  const [nx, ny, nz] = input.dims;
  const slice = nx * ny;
  const { slope, intercept } = line;
  const cursor = Float64Array.from(offsets);
  for (let k = 0; k < nz; k++) {
    const end = (k + 1) * slice;
    for (let i = k * slice; i < end; i++) {
      const a = sigmaSquared > 0 ? pixelAmplitude(sodium[i]!, sigmaSquared) : sodium[i]!;
      const c = (map[i]! * a - intercept) / slope;
      map[i] = c;
      const d = dense[i]!;
      if (gathered[d] === 1) values[cursor[d]!++] = c;
    }
    onSlice();
  }
}

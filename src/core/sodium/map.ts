import { ManusError } from '../errors.ts';
import type { Grid } from './grid.ts';
import { indexLabels } from './grid.ts';
import type { LegendEntry } from './inputs.ts';
import type { Calibration } from './quantify.ts';
import type { RelaxationModel } from './signal-model.ts';
import { accumulate, weightTables, writeConcentrations } from './voxel-passes.ts';

export interface ConcentrationMapInput {
  grid: Grid;
  /** Magnitude sodium image. */
  sodium: Float32Array;
  /** The recorded calibration: its line, and its noise sigma when the noise correction was applied. */
  calibration: Pick<Calibration, 'slope' | 'intercept' | 'noiseSigma'>;
  noiseCorrection: boolean;
  /**
   * The label map and legend the quantification used: they pick each voxel's compartment for the relaxation
   * model. Without them every voxel takes the tissue model, which is exact when there is no relaxation model.
   */
  labels?: ArrayLike<number>;
  legend?: readonly LegendEntry[];
  receive?: Float32Array;
  transmit?: Float32Array;
  relaxation?: RelaxationModel;
}

/**
 * The concentration map (mmol/L) of a sodium volume under a calibration recorded earlier, for exports: the same two
 * passes as `quantify` (voxel weights 1 / (R F), then C = (W A - b) / a with the pixel-wise noise correction), so a
 * map made here from a quantification's own inputs equals the map that quantification computed, voxel for voxel.
 * Voxels where R F is not positive are NaN.
 */
export function concentrationMap(input: ConcentrationMapInput): Float32Array {
  const [nx, ny, nz] = input.grid.dims;
  const voxels = nx * ny * nz;
  for (const [what, data] of [
    ['sodium', input.sodium],
    ['labels', input.labels],
    ['receive', input.receive],
    ['transmit', input.transmit],
  ] as const) {
    if (data && data.length !== voxels)
      throw new ManusError('bad_request', `The ${what} volume has ${data.length} voxels, the grid ${voxels}`);
  }
  if (input.transmit && !input.relaxation)
    throw new ManusError('bad_request', 'A transmit field needs the relaxation model (flip angle and TR)');
  const { dense, rois } = indexLabels(input.labels ?? new Uint8Array(voxels), input.legend ?? []);
  const map = new Float32Array(voxels);
  const volume = {
    dims: input.grid.dims,
    dense,
    sodium: input.sodium,
    receive: input.receive,
    transmit: input.transmit,
    // Every voxel gets a weight; a non-positive one is NaN in the map, which is reported there rather than refused.
    measured: new Uint8Array(rois.length + 1),
  };
  const skip = () => undefined;
  accumulate(volume, weightTables(rois, input.relaxation), map, skip);
  const { noiseSigma } = input.calibration;
  const sigmaSquared = input.noiseCorrection && noiseSigma !== null ? noiseSigma * noiseSigma : 0;
  const nothingGathered = new Uint8Array(rois.length + 1);
  writeConcentrations(
    volume,
    input.calibration,
    sigmaSquared,
    map,
    nothingGathered,
    new Float64Array(rois.length + 2),
    new Float32Array(0),
    skip,
  );
  return map;
}

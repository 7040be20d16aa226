import { concentrationMap, type ConcentrationMapInput } from '../../core/sodium/map.ts';
import { writeNifti } from '../../imaging/nifti/write.ts';

export interface SodiumMapTask {
  input: ConcentrationMapInput;
  /** Voxel → LPS mm of the sodium series, for the map's NIfTI header. */
  affine: readonly number[];
}

/** Computes a sodium concentration map and encodes it as gzipped NIfTI, on the BIDS export's worker thread. */
export default function runSodiumMapTask({ input, affine }: SodiumMapTask): Uint8Array {
  const map = concentrationMap(input);
  return writeNifti(
    { dims: input.grid.dims, affine, data: map, description: 'Na concentration mmol/L' },
    { gzip: true },
  );
}

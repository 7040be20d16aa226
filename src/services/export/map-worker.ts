import { concentrationMap, type ConcentrationMapInput } from '../../core/sodium/map.ts';
import { writeNifti } from '../../imaging/nifti/write.ts';
import { runTimedTask, type TimedTask, type WorkerOutcome } from '../workers/task.ts';

export interface SodiumMapTask extends TimedTask {
  input: ConcentrationMapInput;
  /** Voxel → LPS mm of the sodium series, for the map's NIfTI header. */
  affine: readonly number[];
}

/** Computes a sodium concentration map and encodes it as gzipped NIfTI, on the BIDS export's worker thread. */
export default function runSodiumMapTask({
  channel,
  input,
  affine,
}: SodiumMapTask): Promise<WorkerOutcome<Uint8Array>> {
  return runTimedTask(channel, () =>
    writeNifti(
      {
        dims: input.grid.dims,
        affine,
        data: concentrationMap(input),
        description: 'Na concentration mmol/L',
      },
      { gzip: true },
    ),
  );
}

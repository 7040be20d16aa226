/**
 * The sodium concentration maps of the BIDS export (which series get one: src/core/export/bids/sodium-maps.ts),
 * computed and gzipped on a worker thread: the two passes alone take about 0.4 s over a 128³ volume (measured on
 * this project's 2-core machine), too long for the server's event loop, where exports run (ExportJobs).
 */
import { sodiumMapSidecar, type SodiumMapPlan } from '../../core/export/bids/sodium-maps.ts';
import { assertSameGrid } from '../../core/sodium/grid.ts';
import { parseLegend, parseRelaxation } from '../../core/sodium/inputs.ts';
import type { ConcentrationMapInput } from '../../core/sodium/map.ts';
import type { JobVolumeSource } from '../../core/sodium/records.ts';
import type { WorkerSource } from '../../imaging/import/worker-script.ts';
import type { Volume } from '../../imaging/volume.ts';
import { ROOT_URL } from '../../root.ts';
import type { VolumeRole } from '../sodium/worker.ts';
import { TimedWorkerPool } from '../workers/timed-pool.ts';
import type { SodiumMapTask } from './map-worker.ts';

const SODIUM_MAP_WORKER: WorkerSource = {
  name: 'sodium-map-worker',
  entry: new URL('src/services/export/map-worker.ts', ROOT_URL),
  tsxEntry: new URL('src/services/export/map-worker-entry.mjs', ROOT_URL),
};

/** One map is two passes over one 23Na volume (about 0.4 s at 128³): a minute means a defect, not a big volume. */
const MAP_TIME_LIMIT_MS = 60_000;

/**
 * Runs `work` with a function that computes maps on one worker thread, started at the first map (an export with
 * none starts no thread) and ended with the export.
 */
export async function withMapWorker<T>(
  work: (computeMap: (task: Omit<SodiumMapTask, 'channel'>) => Promise<Uint8Array>) => Promise<T>,
): Promise<T> {
  const pool = new TimedWorkerPool<SodiumMapTask, Uint8Array>(SODIUM_MAP_WORKER, {
    timeLimitMs: MAP_TIME_LIMIT_MS,
    threads: 1,
    maxQueue: 1,
  });
  try {
    return await work((task) => pool.run(task));
  } finally {
    await pool.close();
  }
}

/**
 * The concentration map of a quantified 23Na series, from the volume already loaded: the calibration alone for an
 * uploaded quantification, and with the job's stored label map, fields and relaxation model for a job's.
 */
export async function writeSodiumMap(
  plan: SodiumMapPlan,
  sodium: Volume,
  load: (source: JobVolumeSource, role: VolumeRole) => Promise<Volume>,
  computeMap: (task: Omit<SodiumMapTask, 'channel'>) => Promise<Uint8Array>,
  write: (path: string, content: string | Uint8Array) => Promise<void>,
): Promise<void> {
  const { job, quantification } = plan;
  const onGrid = async (source: JobVolumeSource | null, role: VolumeRole) => {
    if (!source) return undefined;
    const volume = await load(source, role);
    assertSameGrid(sodium, volume, role);
    return volume.data;
  };
  const input: ConcentrationMapInput = {
    grid: sodium,
    sodium: sodium.data,
    calibration: quantification.calibration,
    noiseCorrection: quantification.parameters.noiseCorrection === true,
  };
  if (job) {
    const labels = await onGrid(job.labels, 'labels');
    const receive = await onGrid(job.receiveField, 'receiveField');
    const transmit = await onGrid(job.transmitField, 'transmitField');
    input.legend = parseLegend(job.legend);
    if (labels) input.labels = labels;
    if (receive) input.receive = receive;
    if (transmit) input.transmit = transmit;
    if (job.relaxation !== null) input.relaxation = parseRelaxation(job.relaxation);
  }
  await write(`${plan.path}.nii.gz`, await computeMap({ input, affine: sodium.affine }));
  await write(`${plan.path}.json`, sodiumMapSidecar(plan));
}

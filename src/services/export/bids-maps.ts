/**
 * The BIDS export's worker thread (./map-worker.ts): each series encoded as gzipped NIfTI, and the sodium
 * concentration maps (which series get one: src/core/export/bids/sodium-maps.ts). Decoding and compressing a series
 * takes a few hundred milliseconds, a map's two passes about 0.4 s over a 128³ volume (measured on this project's
 * 2-core machine): too long for the server's event loop, where exports run (ExportJobs).
 */
import { sodiumMapSidecar, type SodiumMapPlan } from '../../core/export/bids/sodium-maps.ts';
import { parseLegend, parseRelaxation } from '../../core/sodium/inputs.ts';
import type { JobVolumeSource } from '../../core/sodium/records.ts';
import type { WorkerSource } from '../../imaging/import/worker-script.ts';
import type { Volume } from '../../imaging/volume.ts';
import { ROOT_URL } from '../../root.ts';
import type { VolumeBytes, VolumeRole } from '../sodium/worker.ts';
import { TimedWorkerPool } from '../workers/timed-pool.ts';
import type { EncodedSeries, SeriesTask, SodiumMapTask } from './map-worker.ts';

const BIDS_WORKER: WorkerSource = {
  name: 'bids-worker',
  entry: new URL('src/services/export/map-worker.ts', ROOT_URL),
  tsxEntry: new URL('src/services/export/map-worker-entry.mjs', ROOT_URL),
};

/** One series or one map takes a second or less: a minute means a defect, not a big volume. */
const TASK_TIME_LIMIT_MS = 60_000;

export interface BidsWorker {
  encodeSeries(task: Omit<SeriesTask, 'channel'>): Promise<EncodedSeries>;
  computeMap(task: Omit<SodiumMapTask, 'channel'>): Promise<Uint8Array>;
}

/**
 * Runs `work` with the BIDS worker: one thread for the series and one for the maps, each started at its first task
 * (an export with no map starts no map thread) and ended with the export.
 */
export async function withBidsWorker<T>(work: (worker: BidsWorker) => Promise<T>): Promise<T> {
  const options = { timeLimitMs: TASK_TIME_LIMIT_MS, threads: 1, maxQueue: 1 };
  const series = new TimedWorkerPool<SeriesTask, EncodedSeries>(BIDS_WORKER, {
    ...options,
    exportName: 'encodeSeries',
  });
  const maps = new TimedWorkerPool<SodiumMapTask, Uint8Array>(BIDS_WORKER, options);
  try {
    return await work({ encodeSeries: (task) => series.run(task), computeMap: (task) => maps.run(task) });
  } finally {
    await Promise.all([series.close(), maps.close()]);
  }
}

/**
 * The concentration map of a quantified 23Na series, from its volume: the calibration alone for an uploaded
 * quantification, and with the job's stored label map, fields and relaxation model for a job's (read here, parsed
 * and checked against the sodium grid on the worker).
 */
export async function writeSodiumMap(
  plan: SodiumMapPlan,
  sodium: Volume,
  read: (source: JobVolumeSource, role: VolumeRole) => Promise<VolumeBytes>,
  worker: BidsWorker,
  write: (path: string, content: string | Uint8Array) => Promise<void>,
): Promise<void> {
  const { job, quantification } = plan;
  const input: SodiumMapTask['input'] = {
    grid: sodium,
    sodium: sodium.data,
    calibration: quantification.calibration,
    noiseCorrection: quantification.parameters.noiseCorrection === true,
  };
  const volumes: VolumeBytes[] = [];
  if (job) {
    for (const [source, role] of [
      [job.labels, 'labels'],
      [job.receiveField, 'receiveField'],
      [job.transmitField, 'transmitField'],
    ] as const)
      if (source) volumes.push(await read(source, role));
    input.legend = parseLegend(job.legend);
    if (job.relaxation !== null) input.relaxation = parseRelaxation(job.relaxation);
  }
  await write(`${plan.path}.nii.gz`, await worker.computeMap({ input, volumes, affine: sodium.affine }));
  await write(`${plan.path}.json`, sodiumMapSidecar(plan));
}

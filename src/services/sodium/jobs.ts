import { randomUUID } from 'node:crypto';
import { ManusError } from '../../core/errors.ts';
import { parseLegend, parseRelaxation } from '../../core/sodium/inputs.ts';
import type { JobVolumeSource, SodiumJob, SodiumJobRequest } from '../../core/sodium/records.ts';
import type { QuantificationUpload } from '../../core/sodium/report.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { findExamSeries } from '../../db/repositories/imaging/series.ts';
import { findInstances } from '../../db/repositories/imaging/qido.ts';
import { recordQuantification } from '../../db/repositories/sodium.ts';
import {
  createSodiumJob,
  failInterruptedSodiumJobs,
  getSodiumJob,
  transitionSodiumJob,
} from '../../db/repositories/sodium-jobs.ts';
import { withTransaction } from '../../db/transaction.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { openNiftiStore } from '../../imaging/store/open.ts';
import type { WorkerSource } from '../../imaging/import/worker-script.ts';
import { ROOT_URL } from '../../root.ts';
import { MANUS_VERSION } from '../../version.ts';
import type { JobQueue } from '../jobs/queue.ts';
import {
  TaskOutOfMemory,
  TaskTimeLimitExceeded,
  TimedWorkerPool,
  WorkersBusy,
} from '../workers/timed-pool.ts';
import {
  reasonOf as reason,
  unreadableVolume,
  VOLUME_ROLES,
  type LabelMapTask,
  type SodiumTask,
  type VolumeBytes,
  type VolumeRole,
} from './worker.ts';

/**
 * Sodium quantification as a background job. Jobs go through a `JobQueue`: on SQLite an in-process chain runs them
 * one at a time in this server, and a restart marks the unfinished ones failed; on PostgreSQL a pg-boss queue lets
 * any server run them and retries or fails the job of a server that died. The CPU-heavy part (parsing the volumes,
 * the pipeline) runs on a worker thread with a time limit, so that health checks and other users keep their
 * latency meanwhile; one thread, since a server runs one job at a time. Their states are rows of `sodium_job`,
 * audited; the percentage in between is kept in memory only, by the process running the job, because it changes
 * many times a second and is worth nothing once that process is gone.
 */

const SODIUM_WORKER: WorkerSource = {
  name: 'sodium-worker',
  entry: new URL('src/services/sodium/worker.ts', ROOT_URL),
  tsxEntry: new URL('src/services/sodium/worker-entry.mjs', ROOT_URL),
};

/**
 * Longest the computation of one job may take (a hand's sodium volume with its field maps takes seconds): past it
 * the job is stopped and recorded failed, so a degenerate input cannot hold the server's only sodium worker.
 */
export const DEFAULT_SODIUM_TIME_LIMIT_MS = 10 * 60_000;

/** Checking an uploaded label map: inflating, parsing and compressing at most MAX_LABEL_MAP_BYTES. */
const LABEL_MAP_TIME_LIMIT_MS = 60_000;
const LABEL_MAP_HEAP_MB = 512;

/** The worker's heap: a few volumes of a few million voxels, in 32-bit floats, and the pipeline's passes. */
const HEAP_MB = 2048;

/** What the queue carries: the job and who submitted it (its state transitions are audited in their name). */
export interface SodiumJobPayload {
  jobId: string;
  actor: Actor;
}

/** What a client submits: the request with the label map either named as a series or uploaded (NIfTI bytes). */
export interface SodiumJobSubmission extends Omit<SodiumJobRequest, 'labels'> {
  labels: { seriesInstanceUid: string } | { nifti: Uint8Array };
}

const systemActor = (what: string): Actor => ({
  userId: null,
  username: 'system:sodium-jobs',
  role: 'system',
  requestId: `${what}-${randomUUID()}`,
});

export class SodiumJobRunner {
  private readonly live = new Map<string, number>();
  private readonly images: StoredImages;
  private readonly workers: TimedWorkerPool<SodiumTask, QuantificationUpload, number>;
  /** Its own thread, so that checking an upload never waits behind a quantification. */
  private readonly labelMaps: TimedWorkerPool<LabelMapTask, Uint8Array>;

  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly queue: JobQueue<SodiumJobPayload>,
    { timeLimitMs = DEFAULT_SODIUM_TIME_LIMIT_MS }: { timeLimitMs?: number } = {},
  ) {
    this.images = new StoredImages(dataDir);
    this.workers = new TimedWorkerPool(SODIUM_WORKER, {
      timeLimitMs,
      threads: 1,
      maxQueue: 1,
      heapMb: HEAP_MB,
    });
    this.labelMaps = new TimedWorkerPool(SODIUM_WORKER, {
      timeLimitMs: LABEL_MAP_TIME_LIMIT_MS,
      threads: 1,
      maxQueue: 4,
      heapMb: LABEL_MAP_HEAP_MB,
      exportName: 'checkLabelMap',
    });
  }

  /**
   * Starts running jobs. With a queue of this process only, the jobs a previous process left unfinished are first
   * marked failed (nothing else would finish them); a shared queue recovers them itself. Runs before the server
   * accepts requests.
   */
  async start(): Promise<void> {
    if (!this.queue.shared)
      await withTransaction(this.db, (trx) => failInterruptedSodiumJobs(trx, systemActor('startup')));
    await this.queue.start({
      run: (payload) => this.runOnce(payload),
      giveUp: (payload) => this.giveUp(payload),
    });
  }

  /**
   * Checks what can be checked cheaply (legend, relaxation model, that the series belong to the exam, that an
   * uploaded label map is NIfTI), stores an uploaded label map de-identified beside the other NIfTI files, records
   * the job and queues it. Bad input is refused here, with a 400, rather than surfacing later as a failed job.
   */
  async submit(actor: Actor, examId: string, submission: SodiumJobSubmission): Promise<SodiumJob> {
    parseLegend(submission.legend);
    if (submission.relaxation !== null) parseRelaxation(submission.relaxation);
    for (const series of [
      submission.sodium,
      'seriesInstanceUid' in submission.labels ? submission.labels : null,
      submission.receiveField,
      submission.transmitField,
    ]) {
      if (series) await findExamSeries(this.db.kysely, examId, series.seriesInstanceUid);
    }
    let labels: JobVolumeSource;
    if ('nifti' in submission.labels) {
      const deidentified = await this.checkLabelMap(submission.labels.nifti);
      const stored = await openNiftiStore({ kind: 'filesystem', dataDir: this.dataDir }).put([deidentified]);
      labels = { uploadKey: stored.key };
    } else labels = { seriesInstanceUid: submission.labels.seriesInstanceUid };
    const job = await withTransaction(this.db, (trx) =>
      createSodiumJob(trx, actor, examId, { ...submission, labels }),
    );
    try {
      await this.queue.enqueue({ jobId: job.id, actor });
    } catch (error) {
      // Not queued, so nothing would ever run it: recorded as failed rather than left queued for ever.
      await withTransaction(this.db, (trx) =>
        transitionSodiumJob(trx, actor, job.id, {
          status: 'failed',
          error: `The job could not be queued: ${reason(error)}`,
          percent: 0,
        }),
      );
      throw error;
    }
    return job;
  }

  /** An uploaded label map, checked and de-identified on a worker thread; refused with a 400 naming the field. */
  private async checkLabelMap(bytes: Uint8Array): Promise<Uint8Array> {
    try {
      return await this.labelMaps.run({ bytes });
    } catch (error) {
      if (error instanceof WorkersBusy)
        throw new ManusError(
          'rate_limited',
          'Label maps are being checked for other uploads: try again in a moment',
        );
      if (!(
        error instanceof ManusError ||
        error instanceof TaskTimeLimitExceeded ||
        error instanceof TaskOutOfMemory
      ))
        throw error;
      throw new ManusError('bad_request', `The uploaded label map is not readable: ${reason(error)}`, [
        {
          path: 'labels.nifti',
          code: 'unreadable',
          message: 'must be a NIfTI file (.nii or .nii.gz), base64-encoded',
        },
      ]);
    }
  }

  /** A job as stored, with the live percentage while this process runs it. */
  async get(id: string): Promise<SodiumJob> {
    const job = await getSodiumJob(this.db.kysely, id);
    const percent = this.live.get(id);
    return percent === undefined || job.status === 'succeeded' || job.status === 'failed'
      ? job
      : { ...job, percent };
  }

  /** Stops taking jobs and waits for the one running here: the server waits for it before closing the database. */
  async stop(): Promise<void> {
    await this.queue.stop();
    await Promise.all([this.workers.close(), this.labelMaps.close()]);
  }

  /** Runs a job unless it already ended: a retry after a crash must not record a second quantification. */
  private async runOnce({ jobId, actor }: SodiumJobPayload): Promise<void> {
    const job = await getSodiumJob(this.db.kysely, jobId);
    if (job.status === 'succeeded' || job.status === 'failed') return;
    await this.run(job, actor);
  }

  /** A job whose every attempt was cut short by a server that stopped: recorded as failed, to be submitted again. */
  private async giveUp({ jobId }: SodiumJobPayload): Promise<void> {
    const job = await getSodiumJob(this.db.kysely, jobId);
    if (job.status === 'succeeded' || job.status === 'failed') return;
    await withTransaction(this.db, (trx) =>
      transitionSodiumJob(trx, systemActor('dead-letter'), jobId, {
        status: 'failed',
        error: 'The servers running the job stopped before it finished: submit it again',
        percent: job.percent,
      }),
    );
  }

  /**
   * One attempt at a job. pg-boss retries a job it took for the job of a dead server; should that server still be
   * alive and finish, each attempt ends the job only from the version its own start left, so the job is recorded
   * once: an attempt overtaken by a later one leaves the job to it.
   */
  private async run(job: SodiumJob, actor: Actor): Promise<void> {
    this.live.set(job.id, 0);
    let started: SodiumJob | undefined;
    try {
      started = await withTransaction(this.db, (trx) =>
        transitionSodiumJob(trx, actor, job.id, { status: 'running' }),
      );
      const report = await this.quantifyJob(job);
      const version = started.version;
      await withTransaction(this.db, async (trx) => {
        const stored = await recordQuantification(trx, actor, job.examId, report);
        await transitionSodiumJob(
          trx,
          actor,
          job.id,
          { status: 'succeeded', quantificationId: stored.id },
          version,
        );
      });
    } catch (error) {
      // A later attempt started the job while this one ran: the job is that attempt's to end.
      const now = await getSodiumJob(this.db.kysely, job.id).catch(() => undefined);
      if (started && now && now.version !== started.version) return;
      const message =
        error instanceof ManusError
          ? [error.message, ...error.fields.map((f) => `${f.path}: ${f.message}`)].join('; ')
          : `Internal error: ${reason(error)}`;
      const percent = this.live.get(job.id) ?? 0;
      // If even the failure cannot be recorded (the database is gone), the next start marks the job failed; if a
      // later attempt has started the job meanwhile, the failure of this one is not the job's.
      await withTransaction(this.db, (trx) =>
        transitionSodiumJob(
          trx,
          actor,
          job.id,
          { status: 'failed', error: message, percent },
          started?.version,
        ),
      ).catch(() => undefined);
    } finally {
      this.live.delete(job.id);
    }
  }

  /**
   * Quantifies a job on the sodium worker: the volumes' stored bytes are read here, everything after (parsing,
   * the pipeline, the report) runs on the worker within the time limit, noting its progress.
   */
  private async quantifyJob(job: SodiumJob): Promise<QuantificationUpload> {
    const volumes: VolumeBytes[] = [];
    for (const role of VOLUME_ROLES) {
      const source = job.request[role];
      if (source) volumes.push(await readJobVolume(this.db, this.images, job.examId, role, source));
    }
    try {
      return await this.workers.run(
        { job: { id: job.id, request: job.request }, volumes, manusVersion: MANUS_VERSION },
        {
          onNote: (percent) => {
            if (this.live.has(job.id)) this.live.set(job.id, percent);
          },
        },
      );
    } catch (error) {
      if (error instanceof TaskTimeLimitExceeded)
        throw new ManusError(
          'invalid',
          `The quantification took longer than its time limit of ${error.limitMs / 1000} s and was stopped`,
        );
      if (error instanceof TaskOutOfMemory)
        throw new ManusError(
          'invalid',
          `The quantification needed more memory than the sodium worker has (${error.heapMb} MB)`,
        );
      throw error;
    }
  }
}

/**
 * The stored bytes of a volume a job names: one of the exam's series (NIfTI file or DICOM instances) or the job's
 * uploaded label map. Also what the BIDS export reads to redo a job's corrections in its concentration map.
 */
export async function readJobVolume(
  db: Database,
  images: StoredImages,
  examId: string,
  role: VolumeRole,
  source: JobVolumeSource,
): Promise<VolumeBytes> {
  try {
    if ('uploadKey' in source)
      return { role, source, format: 'nifti', bytes: await images.readNifti(source.uploadKey) };
    const series = await findExamSeries(db.kysely, examId, source.seriesInstanceUid);
    if (series.format === 'nifti')
      return { role, source, format: 'nifti', bytes: await images.readNifti(series.fileKey) };
    const files = [];
    for (const instance of await findInstances(db.kysely, series)) files.push(await images.read(instance));
    return { role, source, format: 'dicom', files };
  } catch (error) {
    throw unreadableVolume(role, source, error);
  }
}

import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ManusError } from '../../core/errors.ts';
import { zodFields } from '../../core/zod-fields.ts';
import { assertSameGrid } from '../../core/sodium/grid.ts';
import { parseLegend, parseRelaxation } from '../../core/sodium/inputs.ts';
import { quantify } from '../../core/sodium/quantify.ts';
import { quantificationReport, quantificationReportSchema } from '../../core/sodium/report.ts';
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
import type { JobVolumeSource, SodiumJob, SodiumJobRequest } from '../../core/sodium/records.ts';
import { withTransaction } from '../../db/transaction.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { deidentifyNifti } from '../../imaging/nifti/deidentify.ts';
import { readNifti } from '../../imaging/nifti/read.ts';
import { openNiftiStore } from '../../imaging/store/open.ts';
import { volumeFromDicom, type Volume } from '../../imaging/volume.ts';
import { MANUS_VERSION } from '../../version.ts';

/**
 * Sodium quantification as a background job. Jobs go through a `JobQueue`: on SQLite an in-process chain runs them
 * one at a time in this server (the pipeline is CPU-bound on the event loop; two at once would only slow both and
 * the API), and a restart marks the unfinished ones failed; on PostgreSQL a pg-boss queue lets any server run
 * them and retries or fails the job of a server that died. Their states are rows of `sodium_job`, audited; the
 * percentage in between is kept in memory only, by the process running the job, because it changes many times a
 * second and is worth nothing once that process is gone.
 */

/** What the queue carries: the job and who submitted it (its state transitions are audited in their name). */
export interface SodiumJobPayload {
  jobId: string;
  actor: Actor;
}

/** What a client submits: the request with the label map either named as a series or uploaded (NIfTI bytes). */
export interface SodiumJobSubmission extends Omit<SodiumJobRequest, 'labels'> {
  labels: { seriesInstanceUid: string } | { nifti: Uint8Array };
}

/** Progress is reported in three stages: loading the volumes, the passes of the pipeline, recording the result. */
const LOADED_PERCENT = 30;
const COMPUTED_PERCENT = 95;

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const systemActor = (what: string): Actor => ({
  userId: null,
  username: 'system:sodium-jobs',
  role: 'system',
  requestId: `${what}-${randomUUID()}`,
});

export class SodiumJobRunner {
  private readonly live = new Map<string, number>();
  private readonly images: StoredImages;

  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly queue: JobQueue<SodiumJobPayload>,
  ) {
    this.images = new StoredImages(dataDir);
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
      const bytes = submission.labels.nifti;
      try {
        readNifti(bytes);
      } catch (error) {
        throw new ManusError('bad_request', `The uploaded label map is not readable: ${reason(error)}`, [
          {
            path: 'labels.nifti',
            code: 'unreadable',
            message: 'must be a NIfTI file (.nii or .nii.gz), base64-encoded',
          },
        ]);
      }
      const stored = await openNiftiStore({ kind: 'filesystem', dataDir: this.dataDir }).put([
        deidentifyNifti(bytes),
      ]);
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

  /** A job as stored, with the live percentage while this process runs it. */
  async get(id: string): Promise<SodiumJob> {
    const job = await getSodiumJob(this.db.kysely, id);
    const percent = this.live.get(id);
    return percent === undefined || job.status === 'succeeded' || job.status === 'failed'
      ? job
      : { ...job, percent };
  }

  /** Stops taking jobs and waits for the one running here: the server waits for it before closing the database. */
  stop(): Promise<void> {
    return this.queue.stop();
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

  private async run(job: SodiumJob, actor: Actor): Promise<void> {
    this.live.set(job.id, 0);
    try {
      await withTransaction(this.db, (trx) => transitionSodiumJob(trx, actor, job.id, { status: 'running' }));
      const report = await this.quantifyJob(job);
      await withTransaction(this.db, async (trx) => {
        const stored = await recordQuantification(trx, actor, job.examId, report);
        await transitionSodiumJob(trx, actor, job.id, { status: 'succeeded', quantificationId: stored.id });
      });
    } catch (error) {
      const message =
        error instanceof ManusError
          ? [error.message, ...error.fields.map((f) => `${f.path}: ${f.message}`)].join('; ')
          : `Internal error: ${reason(error)}`;
      const percent = this.live.get(job.id) ?? 0;
      // If even the failure cannot be recorded (the database is gone), the next start marks the job failed.
      await withTransaction(this.db, (trx) =>
        transitionSodiumJob(trx, actor, job.id, { status: 'failed', error: message, percent }),
      ).catch(() => undefined);
    } finally {
      this.live.delete(job.id);
    }
  }

  private async quantifyJob(job: SodiumJob) {
    const { request } = job;
    const legend = parseLegend(request.legend);
    const relaxation = request.relaxation === null ? undefined : parseRelaxation(request.relaxation);
    const volumes: [string, JobVolumeSource | null][] = [
      ['sodium', request.sodium],
      ['labels', request.labels],
      ['receiveField', request.receiveField],
      ['transmitField', request.transmitField],
    ];
    const given = volumes.filter((v): v is [string, JobVolumeSource] => v[1] !== null);
    const loaded = new Map<string, Volume>();
    for (const [what, source] of given) {
      const volume = await loadJobVolume(this.db, this.images, job.examId, source, what);
      const sodium = loaded.get('sodium');
      if (sodium) assertSameGrid(sodium, volume, what);
      loaded.set(what, volume);
      this.live.set(job.id, Math.round((LOADED_PERCENT * loaded.size) / given.length));
    }
    const sodium = loaded.get('sodium')!;
    // Lets the request that queued the job, and any other, be answered before the synchronous pipeline runs.
    await nextTurn();
    const receive = loaded.get('receiveField')?.data;
    const transmit = loaded.get('transmitField')?.data;
    const result = quantify({
      grid: sodium,
      sodium: sodium.data,
      labels: loaded.get('labels')!.data,
      legend,
      ...(receive ? { receive } : {}),
      ...(transmit ? { transmit } : {}),
      ...(relaxation ? { relaxation } : {}),
      noiseCorrection: request.noiseCorrection,
      onProgress: (done, total) =>
        this.live.set(
          job.id,
          LOADED_PERCENT + Math.round(((COMPUTED_PERCENT - LOADED_PERCENT) * done) / total),
        ),
    });
    const named = (source: JobVolumeSource | null): string | null =>
      source === null
        ? null
        : 'seriesInstanceUid' in source
          ? `series ${source.seriesInstanceUid}`
          : `uploaded label map ${source.uploadKey}`;
    const report = quantificationReport(result, {
      manusVersion: MANUS_VERSION,
      inputs: {
        sodium: named(request.sodium)!,
        labels: named(request.labels)!,
        legend: `job ${job.id}`,
        receiveField: named(request.receiveField),
        transmitField: named(request.transmitField),
        relaxation: request.relaxation === null ? null : `job ${job.id}`,
      },
      noiseCorrection: request.noiseCorrection,
      relaxationModel: relaxation ?? null,
      grid: sodium,
      out: null,
    });
    // The job's request (the legend and relaxation model as sent) completes the provenance.
    const checked = quantificationReportSchema.safeParse(
      { ...report, parameters: { ...report.parameters, job: { id: job.id, request } } },
      { reportInput: true },
    );
    if (!checked.success) {
      throw new ManusError(
        'invalid',
        'The quantification cannot be recorded: the calibration is degenerate',
        zodFields(checked.error, ''),
      );
    }
    return checked.data;
  }
}

/**
 * A volume a job names: one of the exam's stored series (NIfTI file or DICOM instances), or the job's uploaded
 * label map. Also what the BIDS export loads to redo a job's corrections in its concentration map.
 */
export async function loadJobVolume(
  db: Database,
  images: StoredImages,
  examId: string,
  source: JobVolumeSource,
  what: string,
): Promise<Volume> {
  const name = 'seriesInstanceUid' in source ? `series ${source.seriesInstanceUid}` : 'uploaded label map';
  try {
    if ('uploadKey' in source) return readNifti(await images.readNifti(source.uploadKey)).volume;
    const series = await findExamSeries(db.kysely, examId, source.seriesInstanceUid);
    if (series.format === 'nifti') return readNifti(await images.readNifti(series.fileKey)).volume;
    const instances = await findInstances(db.kysely, series);
    const files = [];
    for (const instance of instances) files.push(readDicom(await images.read(instance)));
    return await volumeFromDicom(files);
  } catch (error) {
    throw new ManusError('bad_request', `Cannot read the ${what} (${name}): ${reason(error)}`, [
      { path: what, code: 'unreadable', message: 'must be a readable volume' },
    ]);
  }
}

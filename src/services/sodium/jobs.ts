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
import { readDicom } from '../../imaging/dicom/read.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { deidentifyNifti } from '../../imaging/nifti/deidentify.ts';
import { readNifti } from '../../imaging/nifti/read.ts';
import { openNiftiStore } from '../../imaging/store/open.ts';
import { volumeFromDicom, type Volume } from '../../imaging/volume.ts';
import { MANUS_VERSION } from '../../version.ts';

/**
 * Sodium quantification as a background job of the server process. Jobs run one at a time: the pipeline is
 * CPU-bound on the event loop, and two at once would only slow both and the API. Their states are rows of
 * `sodium_job`, audited; the percentage in between is kept in memory only, because it changes many times a second
 * and is worth nothing once the process is gone (a restart marks unfinished jobs failed).
 */

/** What a client submits: the request with the label map either named as a series or uploaded (NIfTI bytes). */
export interface SodiumJobSubmission extends Omit<SodiumJobRequest, 'labels'> {
  labels: { seriesInstanceUid: string } | { nifti: Uint8Array };
}

/** Progress is reported in three stages: loading the volumes, the passes of the pipeline, recording the result. */
const LOADED_PERCENT = 30;
const COMPUTED_PERCENT = 95;

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class SodiumJobRunner {
  private queue: Promise<void> = Promise.resolve();
  private readonly live = new Map<string, number>();
  private readonly images: StoredImages;

  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
  ) {
    this.images = new StoredImages(dataDir);
  }

  /** Marks the jobs a previous process left unfinished as failed. Runs before the server accepts requests. */
  async recover(): Promise<number> {
    const system: Actor = {
      userId: null,
      username: 'system:sodium-jobs',
      role: 'system',
      requestId: `startup-${randomUUID()}`,
    };
    return withTransaction(this.db, (trx) => failInterruptedSodiumJobs(trx, system));
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
    this.live.set(job.id, 0);
    this.queue = this.queue.then(() => this.run(job, actor));
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

  /** Resolves once every queued job has finished: the server waits for it before closing the database. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(job: SodiumJob, actor: Actor): Promise<void> {
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
      const volume = await this.load(job.examId, source, what);
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

  /** A volume of the exam's stored series (NIfTI file or DICOM instances), or the job's uploaded label map. */
  private async load(examId: string, source: JobVolumeSource, what: string): Promise<Volume> {
    const name = 'seriesInstanceUid' in source ? `series ${source.seriesInstanceUid}` : 'uploaded label map';
    try {
      if ('uploadKey' in source) return readNifti(await this.images.readNifti(source.uploadKey)).volume;
      const series = await findExamSeries(this.db.kysely, examId, source.seriesInstanceUid);
      if (series.format === 'nifti') return readNifti(await this.images.readNifti(series.fileKey)).volume;
      const instances = await findInstances(this.db.kysely, series);
      const files = [];
      for (const instance of instances) files.push(readDicom(await this.images.read(instance)));
      return await volumeFromDicom(files);
    } catch (error) {
      throw new ManusError('bad_request', `Cannot read the ${what} (${name}): ${reason(error)}`, [
        { path: what, code: 'unreadable', message: 'must be a readable volume' },
      ]);
    }
  }
}

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportJob } from '../../core/api/exports.ts';
import { ManusError, notFound } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { findExportFormat } from './formats.ts';
import { folderOutput } from './output.ts';
import { runExport, type ExportRequest } from './run.ts';
import { zipFolder } from './zip.ts';

/** How long a finished export waits in its temporary folder for its download. */
const KEEP_MS = 60 * 60 * 1000;

interface Job {
  view: ExportJob;
  owner: string;
  folder: string;
  files: string[];
  done: Promise<void>;
  expiry: NodeJS.Timeout | null;
}

/**
 * Exports run in the server process while the web page polls their progress, then download as one zip. A job and
 * its files belong to the account that asked for it, live in a temporary folder for an hour, and are gone after
 * a restart: the export itself is on record in the audit trail (runExport), its files are not kept.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
  ) {}

  private static ownerOf(actor: Actor): string {
    return actor.userId ?? actor.username;
  }

  async start(actor: Actor, request: ExportRequest): Promise<ExportJob> {
    const format = findExportFormat(request.format);
    if (!format)
      throw new ManusError('bad_request', `Unknown export format ${request.format}`, [
        { path: 'format', code: 'invalid_option', message: 'not an export format' },
      ]);
    const id = randomUUID();
    const folder = await mkdtemp(join(tmpdir(), 'manus-export-'));
    const view: ExportJob = {
      id,
      format: format.name,
      identified: request.identified,
      status: 'running',
      percent: 0,
      files: 0,
      participants: 0,
      error: null,
      createdAt: new Date().toISOString(),
    };
    const job: Job = {
      view,
      owner: ExportJobs.ownerOf(actor),
      folder,
      files: [],
      done: Promise.resolve(),
      expiry: null,
    };
    job.done = runExport(this.db, actor, request, folderOutput(folder), {
      dataDir: this.dataDir,
      onProgress: (done, total) => {
        view.percent = total > 0 ? Math.min(99, Math.floor((100 * done) / total)) : 0;
      },
    }).then(
      (result) => {
        job.files = result.files;
        Object.assign(view, {
          status: 'succeeded',
          percent: 100,
          files: result.files.length,
          participants: result.participants,
        });
      },
      (error: unknown) => {
        Object.assign(view, {
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
    this.jobs.set(id, job);
    job.expiry = setTimeout(() => void this.forget(id), KEEP_MS);
    job.expiry.unref();
    return { ...view };
  }

  private find(actor: Actor, id: string): Job {
    const job = this.jobs.get(id);
    // Another account's export is not even said to exist.
    if (!job || job.owner !== ExportJobs.ownerOf(actor)) throw notFound(`Export ${id}`);
    return job;
  }

  get(actor: Actor, id: string): ExportJob {
    return { ...this.find(actor, id).view };
  }

  /** The finished export as a zip stream, with its file name. */
  async download(actor: Actor, id: string) {
    const job = this.find(actor, id);
    if (job.view.status !== 'succeeded')
      throw new ManusError('conflict', `Export ${id} is ${job.view.status}: nothing to download`);
    const zip = await zipFolder(job.folder, job.files);
    const kind = job.view.identified ? 'identified' : 'deidentified';
    return { ...zip, fileName: `manus-${job.view.format}-${kind}-${job.view.createdAt.slice(0, 10)}.zip` };
  }

  private async forget(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    if (job.expiry) clearTimeout(job.expiry);
    await job.done;
    await rm(job.folder, { recursive: true, force: true });
  }

  /** Waits for running exports (they write to the database) and removes every temporary folder. */
  async close(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((id) => this.forget(id)));
  }
}

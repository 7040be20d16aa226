import { randomUUID } from 'node:crypto';
import type { ImportSummary } from '../../core/imaging/records.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { auditImport, recordInstances } from '../../db/repositories/imaging/import.ts';
import { imagingSecret, linkedInboxCodes } from '../../db/repositories/imaging/pseudonyms.ts';
import { recordNiftiSeries } from '../../db/repositories/imaging/nifti.ts';
import { resolveDestination, type ImportDestination } from '../../db/repositories/imaging/destination.ts';
import { getStudy } from '../../db/repositories/study.ts';
import { withTransaction } from '../../db/transaction.ts';
import type { DeidReport } from '../../imaging/deid/report.ts';
import { openOriginalsStore, openStore, storeConfig } from '../../imaging/store/open.ts';
import type { StoreConfig, StoredObject } from '../../imaging/store/store.ts';
import { ImportPool } from '../../imaging/import/pool.ts';
import type {
  ImportJob,
  ProcessedInstance,
  ProcessedNifti,
  ProcessOutcome,
} from '../../imaging/import/process.ts';
import type { SourceItem } from '../../imaging/import/sources.ts';
import { autoAssignOnImages } from '../reading/assign.ts';

export type { ImportSummary };

export interface ImportOptions {
  db: Database;
  actor: Actor;
  dataDir: string;
  store?: StoreConfig;
  participant?: string | undefined;
  exam?: string | undefined;
  /** Worker threads (default: one per core, at most 4; 0 runs on the calling thread). */
  workers?: number;
  /**
   * Process files on the calling thread while the workers start (default). The server says no: a large file
   * parsed there would stall every other request.
   */
  callingThread?: boolean;
  /** Keep every original file in the admin-only quarantine (`<data dir>/quarantine/`); off by default. */
  keepOriginals?: boolean;
  onProgress?: (processed: number) => void;
}

/**
 * Instances recorded per database transaction. Each commit is an fsync, which on ext4 also flushes the files the
 * import has just written; commits run in the background so the workers keep going while the disk catches up.
 */
const BATCH = 250;

/**
 * Imports a stream of inputs: each file is de-identified and stored by the worker pool while at most
 * `pool.capacity` files are in flight (so a whole exam is never held in memory), then recorded in batches.
 * New images of an exam start its reading when the study assigns readers round-robin (see autoAssignOnImages),
 * whether they came as a web upload or through `manus import`.
 */
export async function runImport(
  sources: AsyncIterable<SourceItem>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const { db, actor } = options;
  const destination = await resolveDestination(db.kysely, options);
  const study = await getStudy(db.kysely);
  const secret = await withTransaction(db, (trx) => imagingSecret(trx, actor, study.id));
  const job: ImportJob = {
    secret,
    target: destination
      ? { kind: 'participant', code: destination.participantCode }
      : { kind: 'inbox', linked: await linkedInboxCodes(db.kysely) },
    keepOriginals: options.keepOriginals ?? false,
  };
  const config = options.store ?? storeConfig(options.dataDir);
  const pool = await ImportPool.start(options.workers ?? ImportPool.defaultSize(), job, config, {
    callingThread: options.callingThread ?? true,
  });
  const importId = randomUUID();
  const state = new ImportState(db, actor, importId, destination, config);
  const inFlight = new Set<Promise<void>>();
  let processed = 0;
  let report: DeidReport;
  const settle = (outcome: ProcessOutcome): void => {
    processed += 1;
    options.onProgress?.(processed);
    state.accept(outcome);
  };
  try {
    for await (const item of sources) {
      if ('error' in item) {
        settle({ ok: false, name: item.name, reason: item.error });
        continue;
      }
      // A zip entry's bytes count against the server's extraction memory until the entry has been processed.
      const { release, ...input } = item;
      const task = pool.run(input).then(settle).finally(release);
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= pool.capacity) await Promise.race(inFlight);
      // Batches are written in the background (chained), so workers keep parsing while the database commits.
      state.flushIfFull();
    }
    await Promise.all(inFlight);
    await state.flush();
    report = await pool.report();
  } finally {
    await Promise.allSettled(inFlight);
    await pool.close();
  }
  const summary = await state.finish(report);
  if (destination && summary.imported > 0) await autoAssignOnImages(db, actor, destination.examId);
  return summary;
}

class ImportState {
  private batch: ProcessedInstance[] = [];
  private niftiBatch: ProcessedNifti[] = [];
  private readonly errors: ImportSummary['errors'] = [];
  private readonly series = new Map<
    string,
    ImportSummary['studies'][number]['series'][number] & { study: string; number: number | null }
  >();
  private imported = 0;
  private skipped = 0;
  private originalsKept = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly actor: Actor,
    private readonly importId: string,
    private readonly destination: ImportDestination | null,
    private readonly store: StoreConfig,
  ) {}

  accept(outcome: ProcessOutcome): void {
    if (!outcome.ok) {
      this.errors.push({ path: outcome.name, reason: outcome.reason });
      return;
    }
    if ('nifti' in outcome) {
      const n = outcome.nifti;
      this.niftiBatch.push(n);
      this.series.set(n.seriesInstanceUid, {
        study: n.studyInstanceUid,
        number: null,
        seriesInstanceUid: n.seriesInstanceUid,
        seriesDescription: n.seriesDescription,
        modality: 'MR',
        nucleus: n.acquisition.nucleus,
        instances: 1,
        rows: n.rows,
        columns: n.columns,
        frames: n.frames,
      });
      return;
    }
    const i = outcome.instance;
    this.batch.push(i);
    const known = this.series.get(i.seriesInstanceUid);
    if (known) {
      known.instances += 1;
      known.frames += i.frames;
    } else {
      this.series.set(i.seriesInstanceUid, {
        study: i.studyInstanceUid,
        number: i.seriesNumber,
        seriesInstanceUid: i.seriesInstanceUid,
        seriesDescription: i.seriesDescription,
        modality: i.modality,
        nucleus: i.acquisition.nucleus,
        instances: 1,
        rows: i.rows,
        columns: i.columns,
        frames: i.frames,
      });
    }
  }

  flushIfFull(): void {
    if (this.batch.length >= BATCH) void this.flush().catch(() => undefined);
  }

  /** Writes are chained so that batches commit one after the other, in arrival order. */
  flush(): Promise<void> {
    const records = this.batch;
    const niftis = this.niftiBatch;
    this.batch = [];
    this.niftiBatch = [];
    this.writing = this.writing.then(async () => {
      if (records.length > 0) {
        const { imported, skipped, unreferenced, orphanOriginals, originalsKept } = await withTransaction(
          this.db,
          (trx) =>
            recordInstances(trx, this.actor, this.importId, this.destination, this.store.kind, records),
        );
        this.imported += imported.length;
        this.skipped += skipped.length;
        this.originalsKept += originalsKept;
        await this.discardOriginals(orphanOriginals);
        // A duplicate instance whose bytes differ (imported before under another pseudonym) leaves an unreferenced file.
        const made = unreferenced.filter((r) => r.created);
        if (made.length) {
          const store = openStore(this.store);
          for (const r of made) await store.discard(r.storeKey);
        }
      }
      const destination = this.destination;
      if (niftis.length > 0 && destination) {
        const { imported, skipped, orphanOriginals, originalsKept } = await withTransaction(this.db, (trx) =>
          recordNiftiSeries(trx, this.actor, this.importId, destination, niftis),
        );
        this.imported += imported.length;
        this.skipped += skipped.length;
        this.originalsKept += originalsKept;
        await this.discardOriginals(orphanOriginals);
      }
    });
    return this.writing;
  }

  /** Originals written for records whose original was kept before, from other bytes: nothing refers to them. */
  private async discardOriginals(orphans: readonly { original: StoredObject | null }[]): Promise<void> {
    const store = openOriginalsStore(this.store);
    for (const { original } of orphans) if (original?.created) await store.discard(original.key);
  }

  async finish(report: DeidReport): Promise<ImportSummary> {
    await this.writing;
    const byStudy = new Map<string, ImportSummary['studies'][number]>();
    const ordered = [...this.series.values()].sort(
      (a, b) => (a.number ?? 0) - (b.number ?? 0) || a.seriesDescription.localeCompare(b.seriesDescription),
    );
    for (const { study, number: _number, ...series } of ordered) {
      const entry = byStudy.get(study) ?? { studyInstanceUid: study, series: [] };
      entry.series.push(series);
      byStudy.set(study, entry);
    }
    const summary: ImportSummary = {
      imported: this.imported,
      skipped: this.skipped,
      errors: this.errors,
      studies: [...byStudy.values()],
    };
    await withTransaction(this.db, (trx) =>
      auditImport(trx, this.actor, this.importId, {
        examId: this.destination?.examId ?? null,
        inbox: this.destination === null,
        imported: summary.imported,
        skipped: summary.skipped,
        errors: summary.errors.length,
        errorReasons: countBy(summary.errors.map((e) => e.reason.replace(/\d+/g, 'N'))),
        series: summary.studies.flatMap((s) => s.series.map((x) => x.seriesInstanceUid)),
        originalsKept: this.originalsKept,
        deidentification: report,
      }),
    );
    return summary;
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

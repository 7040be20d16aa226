import { randomUUID } from 'node:crypto';
import type { InstanceRecord } from '../../../core/imaging/records.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { ImagingSeriesTable } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';
import { nowIso } from '../../versioning.ts';
import type { ImportDestination } from './destination.ts';
import { recordOriginal } from './originals.ts';
import { ensurePseudonym } from './pseudonyms.ts';

/** Recording what an import stored: DICOM instances by batch, with their studies and series, and its closing event. */

/** The outcome of recording a batch; `orphanOriginals` are kept files no row refers to (another was kept first). */
export interface RecordedBatch<R> {
  imported: R[];
  skipped: R[];
  /** Skipped records whose stored file is not the one on record: nothing refers to it (if this import made it). */
  unreferenced: R[];
  orphanOriginals: R[];
  originalsKept: number;
}

/** Rows per multi-row statement: well under the bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535). */
const ROWS_PER_STATEMENT = 200;

function inChunks<T>(values: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/**
 * Records a batch of stored instances in one transaction, creating pseudonym, study and series rows as needed.
 * An instance already recorded (before, or earlier in the batch) is skipped (imports are idempotent). One audit
 * event covers the batch. Set-based: a handful of statements per batch whatever its size, because a query per
 * instance kept the importer's main thread busy for as long as the workers took to store the files.
 */
export async function recordInstances<R extends InstanceRecord>(
  trx: Tx,
  actor: Actor,
  importId: string,
  destination: ImportDestination | null,
  store: string,
  records: readonly R[],
): Promise<RecordedBatch<R>> {
  const orphanOriginals: R[] = [];
  let originalsKept = 0;
  const now = nowIso();
  // An instance stored before without its original gets it now; the first original kept for it stays.
  for (const r of records) {
    if (!r.original) continue;
    const kept = await recordOriginal(trx, r.sopInstanceUid, 'dicom', r.original, importId, now);
    if (!kept.referenced) orphanOriginals.push(r);
    if (kept.added) originalsKept += 1;
  }
  // The file on record for each instance, so that a file written again for one (a re-import repairing a damaged
  // store) is kept, and only a file with other bytes (another pseudonym's copy) is left unreferenced.
  const recorded = new Map<string, string>();
  for (const uids of inChunks([...new Set(records.map((r) => r.sopInstanceUid))])) {
    const rows = await trx
      .selectFrom('imaging_instance')
      .select(['sop_instance_uid', 'store_key'])
      .where('sop_instance_uid', 'in', uids)
      .execute();
    for (const row of rows) recorded.set(row.sop_instance_uid, row.store_key);
  }
  const imported: R[] = [];
  const skipped: R[] = [];
  const unreferenced: R[] = [];
  for (const r of records) {
    const key = recorded.get(r.sopInstanceUid);
    if (key === undefined) {
      recorded.set(r.sopInstanceUid, r.storeKey);
      imported.push(r);
    } else {
      skipped.push(r);
      if (key !== r.storeKey) unreferenced.push(r);
    }
  }
  for (const r of uniqueBy(imported, (i) => i.pseudonym.code))
    await ensurePseudonym(trx, r.pseudonym, destination, now);
  const studyIds = await ensureStudies(trx, imported, destination, now);
  const series = await seriesRows(trx, imported, studyIds, now);
  for (const rows of inChunks(imported)) {
    await trx
      .insertInto('imaging_instance')
      .values(
        rows.map((r) => ({
          sop_instance_uid: r.sopInstanceUid,
          series_id: series.get(r.seriesInstanceUid)!.id,
          sop_class_uid: r.sopClassUid,
          instance_number: r.instanceNumber,
          rows: r.rows,
          columns: r.columns,
          frames: r.frames,
          transfer_syntax_uid: r.transferSyntaxUid,
          store,
          store_key: r.storeKey,
          size: r.size,
          created_at: now,
        })),
      )
      .execute();
  }
  for (const s of series.values()) {
    await trx
      .updateTable('imaging_series')
      .set({
        frames: s.frames,
        instances: s.instances,
        burned_in: s.burned_in,
        version: s.version,
        updated_at: s.updated_at,
      })
      .where('id', '=', s.id)
      .execute();
  }
  await appendAudit(trx, actor, {
    action: 'imaging.instances.add',
    entityType: 'imaging_import',
    entityId: importId,
    after: {
      examId: destination?.examId ?? null,
      inbox: destination === null,
      imported: imported.length,
      skipped: skipped.length,
      originalsKept,
      series: [...series.values()].map((s) => s.series_uid),
    },
  });
  return { imported, skipped, unreferenced, orphanOriginals, originalsKept };
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v);
  return [...seen.values()];
}

/** The study row id of every study UID in the batch, inserting the studies seen for the first time. */
async function ensureStudies(
  trx: Tx,
  records: readonly InstanceRecord[],
  destination: ImportDestination | null,
  now: string,
): Promise<Map<string, string>> {
  const first = uniqueBy(records, (r) => r.studyInstanceUid);
  const ids = new Map<string, string>();
  if (first.length === 0) return ids;
  const rows = await trx
    .selectFrom('imaging_study')
    .select(['id', 'study_uid'])
    .where(
      'study_uid',
      'in',
      first.map((r) => r.studyInstanceUid),
    )
    .execute();
  for (const row of rows) ids.set(row.study_uid, row.id);
  const missing = first.filter((r) => !ids.has(r.studyInstanceUid));
  for (const r of missing) ids.set(r.studyInstanceUid, randomUUID());
  if (missing.length > 0)
    await trx
      .insertInto('imaging_study')
      .values(
        missing.map((r) => ({
          id: ids.get(r.studyInstanceUid)!,
          study_uid: r.studyInstanceUid,
          pseudonym: r.pseudonym.code,
          exam_id: destination?.examId ?? null,
          study_date: r.studyDate,
          version: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  return ids;
}

/**
 * The series rows the batch's instances belong to, inserted when new, with their counts (instances, frames,
 * burned-in flag) and version already advanced by this batch; the caller writes the counts back once.
 */
async function seriesRows(
  trx: Tx,
  records: readonly InstanceRecord[],
  studyIds: ReadonlyMap<string, string>,
  now: string,
): Promise<Map<string, ImagingSeriesTable>> {
  const first = uniqueBy(records, (r) => r.seriesInstanceUid);
  const series = new Map<string, ImagingSeriesTable>();
  if (first.length === 0) return series;
  const rows = await trx
    .selectFrom('imaging_series')
    .selectAll()
    .where(
      'series_uid',
      'in',
      first.map((r) => r.seriesInstanceUid),
    )
    .execute();
  for (const row of rows) series.set(row.series_uid, row);
  const missing: ImagingSeriesTable[] = first
    .filter((r) => !series.has(r.seriesInstanceUid))
    .map((r) => ({
      id: randomUUID(),
      imaging_study_id: studyIds.get(r.studyInstanceUid)!,
      series_uid: r.seriesInstanceUid,
      format: 'dicom',
      file_key: null,
      series_number: r.seriesNumber,
      description: r.seriesDescription,
      modality: r.modality,
      nucleus: r.acquisition.nucleus,
      rows: r.rows,
      columns: r.columns,
      frames: 0,
      instances: 0,
      burned_in: 0,
      acquisition_json: JSON.stringify(r.acquisition),
      version: 1,
      created_at: now,
      updated_at: now,
    }));
  if (missing.length > 0) await trx.insertInto('imaging_series').values(missing).execute();
  for (const s of missing) series.set(s.series_uid, s);
  const touched = new Set<string>();
  for (const r of records) {
    const s = series.get(r.seriesInstanceUid)!;
    s.frames = Number(s.frames) + r.frames;
    s.instances = Number(s.instances) + 1;
    if (r.burnedIn) s.burned_in = 1;
    if (!touched.has(s.id)) {
      touched.add(s.id);
      s.version = Number(s.version) + 1;
      s.updated_at = now;
    }
  }
  return series;
}

/** The closing audit event of an import: counts, errors by reason and the de-identification report. */
export async function auditImport(
  trx: Tx,
  actor: Actor,
  importId: string,
  after: Record<string, unknown>,
): Promise<void> {
  await appendAudit(trx, actor, {
    action: 'imaging.import',
    entityType: 'imaging_import',
    entityId: importId,
    after,
  });
}

import { randomUUID } from 'node:crypto';
import type { InstanceRecord, KeptOriginal } from '../../../core/imaging/records.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { Tx } from '../../transaction.ts';
import { nowIso } from '../../versioning.ts';
import type { ImportDestination } from './destination.ts';
import type { RecordedBatch } from './import.ts';
import { recordOriginal } from './originals.ts';
import { ensurePseudonym } from './pseudonyms.ts';

/** What the importer records for one NIfTI file (a series of its own). */
export interface NiftiRecord {
  pseudonym: InstanceRecord['pseudonym'];
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string;
  rows: number;
  columns: number;
  frames: number;
  acquisition: { nucleus: string | null };
  storeKey: string;
  original: KeptOriginal | null;
}

/** Records NIfTI series; one already recorded (same content, same participant) is skipped. */
export async function recordNiftiSeries<R extends NiftiRecord>(
  trx: Tx,
  actor: Actor,
  importId: string,
  destination: ImportDestination,
  records: readonly R[],
): Promise<RecordedBatch<R>> {
  const imported: R[] = [];
  const skipped: R[] = [];
  const orphanOriginals: R[] = [];
  let originalsKept = 0;
  const now = nowIso();
  for (const r of records) {
    if (r.original) {
      const kept = await recordOriginal(trx, r.seriesInstanceUid, 'nifti', r.original, importId, now);
      if (!kept.referenced) orphanOriginals.push(r);
      if (kept.added) originalsKept += 1;
    }
    const exists = await trx
      .selectFrom('imaging_series')
      .select('id')
      .where('series_uid', '=', r.seriesInstanceUid)
      .executeTakeFirst();
    if (exists) {
      skipped.push(r);
      continue;
    }
    await ensurePseudonym(trx, r.pseudonym, destination, now);
    const study = await trx
      .selectFrom('imaging_study')
      .select('id')
      .where('study_uid', '=', r.studyInstanceUid)
      .executeTakeFirst();
    const studyId = study?.id ?? randomUUID();
    if (!study) {
      await trx
        .insertInto('imaging_study')
        .values({
          id: studyId,
          study_uid: r.studyInstanceUid,
          pseudonym: r.pseudonym.code,
          exam_id: destination.examId,
          study_date: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await trx
      .insertInto('imaging_series')
      .values({
        id: randomUUID(),
        imaging_study_id: studyId,
        series_uid: r.seriesInstanceUid,
        format: 'nifti',
        file_key: r.storeKey,
        series_number: null,
        description: r.seriesDescription,
        modality: 'MR',
        nucleus: r.acquisition.nucleus,
        rows: r.rows,
        columns: r.columns,
        frames: r.frames,
        instances: 1,
        burned_in: 0,
        acquisition_json: JSON.stringify(r.acquisition),
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    imported.push(r);
  }
  await appendAudit(trx, actor, {
    action: 'imaging.nifti.add',
    entityType: 'imaging_import',
    entityId: importId,
    after: {
      examId: destination.examId,
      imported: imported.length,
      skipped: skipped.length,
      originalsKept,
      series: imported.map((r) => r.seriesInstanceUid),
    },
  });
  // A NIfTI series UID derives from its file's key: a skipped one names the very file on record.
  return { imported, skipped, unreferenced: [], orphanOriginals, originalsKept };
}

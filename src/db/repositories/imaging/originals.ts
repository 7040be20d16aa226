import type { Kysely } from 'kysely';
import { notFound } from '../../../core/errors.ts';
import type { KeptOriginal, OriginalEntry } from '../../../core/imaging/records.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { DB } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';

/** The quarantine's records: where the original of each de-identified instance or NIfTI series is kept. */

/**
 * Records where the original of a de-identified record is kept. The first original kept for a UID stays: answers
 * false when another file is kept for it already, so the caller can remove the one it has just written.
 */
export async function recordOriginal(
  trx: Tx,
  uid: string,
  format: 'dicom' | 'nifti',
  original: KeptOriginal,
  importId: string,
  now: string,
): Promise<{ referenced: boolean; added: boolean }> {
  const kept = await trx
    .selectFrom('imaging_original')
    .select('store_key')
    .where('uid', '=', uid)
    .executeTakeFirst();
  if (kept) return { referenced: kept.store_key === original.key, added: false };
  await trx
    .insertInto('imaging_original')
    .values({
      uid,
      format,
      store_key: original.key,
      size: original.size,
      import_id: importId,
      created_at: now,
    })
    .execute();
  return { referenced: true, added: true };
}

/** Kept originals with the series, study and exam they belong to (a DICOM original through its instance). */
export function originalsWithSeries(db: Kysely<DB>) {
  return (
    db
      .selectFrom('imaging_original')
      .leftJoin('imaging_instance', 'imaging_instance.sop_instance_uid', 'imaging_original.uid')
      // A DICOM original is linked through its instance, a NIfTI original directly to its series.
      .leftJoin('imaging_series', (join) =>
        join.on((eb) =>
          eb.or([
            eb('imaging_series.id', '=', eb.ref('imaging_instance.series_id')),
            eb('imaging_series.series_uid', '=', eb.ref('imaging_original.uid')),
          ]),
        ),
      )
      .leftJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
      .leftJoin('mri_exam', 'mri_exam.id', 'imaging_study.exam_id')
  );
}

/** The quarantine, newest first: what the administrator can retrieve. */
export async function listOriginals(
  db: Kysely<DB>,
  page: { limit: number; offset: number },
): Promise<{ items: OriginalEntry[]; total: number }> {
  const rows = await originalsWithSeries(db)
    .select([
      'imaging_original.uid',
      'imaging_original.format',
      'imaging_original.size',
      'imaging_original.created_at',
      'imaging_original.import_id',
      'imaging_study.study_uid',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.pseudonym',
      'mri_exam.id as exam_id',
      'mri_exam.exam_code',
    ])
    .orderBy('imaging_original.created_at', 'desc')
    .orderBy('imaging_original.uid')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await db
    .selectFrom('imaging_original')
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .executeTakeFirstOrThrow();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      uid: r.uid,
      format: r.format === 'nifti' ? 'nifti' : 'dicom',
      size: Number(r.size),
      keptAt: r.created_at,
      importId: r.import_id,
      studyInstanceUid: r.study_uid,
      seriesInstanceUid: r.series_uid,
      seriesDescription: r.description,
      pseudonym: r.pseudonym,
      examId: r.exam_id,
      examCode: r.exam_code,
    })),
  };
}

export async function findOriginal(
  db: Kysely<DB>,
  uid: string,
): Promise<{ uid: string; format: 'dicom' | 'nifti'; storeKey: string; size: number }> {
  const row = await db.selectFrom('imaging_original').selectAll().where('uid', '=', uid).executeTakeFirst();
  if (!row) throw notFound(`Original of ${uid}`);
  return {
    uid: row.uid,
    format: row.format === 'nifti' ? 'nifti' : 'dicom',
    storeKey: row.store_key,
    size: Number(row.size),
  };
}

/** Every retrieval of an original, identifying file is on the audit trail. */
export async function auditOriginalRead(
  trx: Tx,
  actor: Actor,
  original: { uid: string; format: string; size: number },
): Promise<void> {
  await appendAudit(trx, actor, {
    action: 'imaging.original.read',
    entityType: 'imaging_original',
    entityId: original.uid,
    after: { format: original.format, size: original.size },
  });
}

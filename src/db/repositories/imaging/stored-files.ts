import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import { seriesWithStudy } from './joins.ts';
import { originalsWithSeries } from './originals.ts';

/**
 * A record that names a stored file, with the de-identified context a re-import needs: a DICOM instance, with the
 * store it was written to ('filesystem' or 'orthanc'), a NIfTI series or a kept original (of either format). Where
 * NIfTI files and originals live is the imaging layer's business, so those records name no store.
 */
export type StoredFileRecord = StoredFileContext &
  ({ kind: 'instance'; store: string } | { kind: 'nifti'; store: null } | { kind: 'original'; store: null });

interface StoredFileContext {
  format: 'dicom' | 'nifti';
  key: string;
  /** Bytes as stored; null for NIfTI series, whose size is not recorded. */
  size: number | null;
  pseudonym: string | null;
  examCode: string | null;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  seriesDescription: string | null;
  sopInstanceUid: string | null;
}

/** Every stored file a record refers to: DICOM instances, NIfTI series and kept originals. */
export async function listStoredFiles(db: Kysely<DB>): Promise<StoredFileRecord[]> {
  const instances = await seriesWithStudy(db)
    .innerJoin('imaging_instance', 'imaging_instance.series_id', 'imaging_series.id')
    .select([
      'imaging_instance.store',
      'imaging_instance.store_key',
      'imaging_instance.size',
      'imaging_instance.sop_instance_uid',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.study_uid',
      'imaging_study.pseudonym',
      'mri_exam.exam_code',
    ])
    .execute();
  const niftis = await seriesWithStudy(db)
    .select([
      'imaging_series.file_key',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.study_uid',
      'imaging_study.pseudonym',
      'mri_exam.exam_code',
    ])
    .where('imaging_series.format', '=', 'nifti')
    .where('imaging_series.file_key', 'is not', null)
    .execute();
  const originals = await originalsWithSeries(db)
    .select([
      'imaging_original.uid',
      'imaging_original.format',
      'imaging_original.store_key',
      'imaging_original.size',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.study_uid',
      'imaging_study.pseudonym',
      'mri_exam.exam_code',
    ])
    .execute();
  return [
    ...instances.map((r) => ({
      kind: 'instance' as const,
      store: r.store,
      format: 'dicom' as const,
      key: r.store_key,
      size: Number(r.size),
      pseudonym: r.pseudonym,
      examCode: r.exam_code,
      studyInstanceUid: r.study_uid,
      seriesInstanceUid: r.series_uid,
      seriesDescription: r.description,
      sopInstanceUid: r.sop_instance_uid,
    })),
    ...niftis.map((r) => ({
      kind: 'nifti' as const,
      store: null,
      format: 'nifti' as const,
      key: r.file_key!,
      size: null,
      pseudonym: r.pseudonym,
      examCode: r.exam_code,
      studyInstanceUid: r.study_uid,
      seriesInstanceUid: r.series_uid,
      seriesDescription: r.description,
      sopInstanceUid: null,
    })),
    ...originals.map((r) => {
      const format = r.format === 'nifti' ? ('nifti' as const) : ('dicom' as const);
      return {
        kind: 'original' as const,
        store: null,
        format,
        key: r.store_key,
        size: Number(r.size),
        pseudonym: r.pseudonym,
        examCode: r.exam_code,
        studyInstanceUid: r.study_uid,
        seriesInstanceUid: r.series_uid,
        seriesDescription: r.description,
        sopInstanceUid: format === 'dicom' ? r.uid : null,
      };
    }),
  ];
}

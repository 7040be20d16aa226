import type { Kysely } from 'kysely';
import { notFound } from '../../../core/errors.ts';
import type { SeriesSummary } from '../../../core/imaging/records.ts';
import type { DB, ImagingSeriesTable } from '../../schema.ts';
import { preparedQuery } from '../../prepared.ts';
import { seriesWithStudy } from './joins.ts';

/** The image series of an MRI exam: what the exam page lists, and where one series' pixels are. */

const dicomSeriesUids = preparedQuery((db, { examId }: { examId: string }) =>
  seriesWithStudy(db)
    .select('imaging_series.series_uid')
    .where('imaging_study.exam_id', '=', examId)
    .where('imaging_series.format', '!=', 'nifti')
    .orderBy('imaging_series.series_number')
    .orderBy('imaging_series.created_at'),
);

/** The UIDs of an exam's DICOM series, as `listExamSeries` orders them (the exam is known to exist). */
export async function listDicomSeriesUids(db: Kysely<DB>, examId: string): Promise<string[]> {
  return (await dicomSeriesUids(db, { examId })).rows.map((row) => row.series_uid);
}

export async function listExamSeries(db: Kysely<DB>, examId: string): Promise<SeriesSummary[]> {
  const exam = await db.selectFrom('mri_exam').select('id').where('id', '=', examId).executeTakeFirst();
  if (!exam) throw notFound(`MRI exam ${examId}`);
  const rows = await seriesWithStudy(db)
    .selectAll('imaging_series')
    .select('imaging_study.study_uid')
    .where('imaging_study.exam_id', '=', examId)
    .orderBy('imaging_series.series_number')
    .orderBy('imaging_series.created_at')
    .execute();
  return rows.map(toSeriesSummary);
}

export function toSeriesSummary(r: ImagingSeriesTable & { study_uid: string }): SeriesSummary {
  return {
    id: r.id,
    format: r.format === 'nifti' ? 'nifti' : 'dicom',
    studyInstanceUid: r.study_uid,
    seriesInstanceUid: r.series_uid,
    seriesNumber: r.series_number === null ? null : Number(r.series_number),
    seriesDescription: r.description,
    modality: r.modality,
    nucleus: r.nucleus,
    rows: Number(r.rows),
    columns: Number(r.columns),
    frames: Number(r.frames),
    instances: Number(r.instances),
    burnedInSuspect: Number(r.burned_in) === 1,
    acquisition: JSON.parse(r.acquisition_json) as Record<string, unknown>,
  };
}

/** One series of an exam, with where its pixels are: instances (DICOM) or one stored file (NIfTI). */
export type ExamSeriesLocation =
  | { format: 'dicom'; studyInstanceUid: string; seriesInstanceUid: string }
  | { format: 'nifti'; fileKey: string };

export async function findExamSeries(
  db: Kysely<DB>,
  examId: string,
  seriesInstanceUid: string,
): Promise<ExamSeriesLocation> {
  const row = await seriesWithStudy(db)
    .select(['imaging_series.format', 'imaging_series.file_key', 'imaging_study.study_uid'])
    .where('imaging_study.exam_id', '=', examId)
    .where('imaging_series.series_uid', '=', seriesInstanceUid)
    .executeTakeFirst();
  if (!row) throw notFound(`Series ${seriesInstanceUid} of MRI exam ${examId}`);
  if (row.format === 'nifti' && row.file_key) return { format: 'nifti', fileKey: row.file_key };
  return { format: 'dicom', studyInstanceUid: row.study_uid, seriesInstanceUid };
}

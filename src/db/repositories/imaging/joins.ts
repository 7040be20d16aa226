import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';

/**
 * Image series with the study they belong to and the MRI exam that study is assigned to (no exam for a study in
 * the unassigned inbox): the one join every series and instance query starts from. Instance queries add
 * `.innerJoin('imaging_instance', 'imaging_instance.series_id', 'imaging_series.id')`.
 */
export function seriesWithStudy(db: Kysely<DB>) {
  return db
    .selectFrom('imaging_series')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .leftJoin('mri_exam', 'mri_exam.id', 'imaging_study.exam_id');
}

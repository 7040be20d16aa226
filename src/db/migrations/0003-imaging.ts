import type { Kysely } from 'kysely';

/**
 * Imaging: the study's de-identification secret, pseudonyms (participant codes and inbox codes) with their date
 * shifts, and the DICOM study → series → instance records of the image store. A study with no exam is in the
 * unassigned inbox. A NIfTI series (format 'nifti') is one stored file, `file_key`, with no instances. No original
 * identifier is stored anywhere: UIDs are the de-identified ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imaging_secret')
    .addColumn('study_id', 'text', (c) => c.primaryKey().references('study.id'))
    .addColumn('hmac_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imaging_pseudonym')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text', (c) => c.references('participant.id'))
    .addColumn('date_shift_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imaging_study')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('study_uid', 'text', (c) => c.notNull().unique())
    .addColumn('pseudonym', 'text', (c) => c.notNull().references('imaging_pseudonym.code'))
    .addColumn('exam_id', 'text', (c) => c.references('mri_exam.id'))
    .addColumn('study_date', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imaging_study_exam').on('imaging_study').column('exam_id').execute();

  await db.schema
    .createTable('imaging_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('imaging_study_id', 'text', (c) => c.notNull().references('imaging_study.id'))
    .addColumn('series_uid', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_key', 'text')
    .addColumn('series_number', 'integer')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('nucleus', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('columns', 'integer', (c) => c.notNull())
    .addColumn('frames', 'integer', (c) => c.notNull())
    .addColumn('instances', 'integer', (c) => c.notNull())
    .addColumn('burned_in', 'integer', (c) => c.notNull())
    .addColumn('acquisition_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('imaging_series_study')
    .on('imaging_series')
    .column('imaging_study_id')
    .execute();

  await db.schema
    .createTable('imaging_instance')
    .addColumn('sop_instance_uid', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.notNull().references('imaging_series.id'))
    .addColumn('sop_class_uid', 'text', (c) => c.notNull())
    .addColumn('instance_number', 'integer')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('columns', 'integer', (c) => c.notNull())
    .addColumn('frames', 'integer', (c) => c.notNull())
    .addColumn('transfer_syntax_uid', 'text', (c) => c.notNull())
    .addColumn('store', 'text', (c) => c.notNull())
    .addColumn('store_key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imaging_instance_series').on('imaging_instance').column('series_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Manus migrations are forward-only: clinical data is never dropped');
}

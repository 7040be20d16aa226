import type { Kysely } from 'kysely';

/**
 * Blinded MRI reading (issue 11): one task per reader and exam (two `read` tasks by different radiologists, then an
 * `adjudication` task for a third when they disagree), the exam's reading status and final reading, the
 * measurements a reader draws on the images (soft-deleted), and the study's reading settings as audited key/value
 * pairs. Findings are canonical JSON arrays of { site, item, value } (src/core/reading/findings.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reading_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exam_id', 'text', (c) => c.notNull().references('mri_exam.id'))
    .addColumn('reader_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('findings_json', 'text', (c) => c.notNull())
    .addColumn('comments', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reading_task_exam_reader_unique', ['exam_id', 'reader_id'])
    .execute();
  await db.schema.createIndex('reading_task_reader').on('reading_task').column('reader_id').execute();

  await db.schema
    .createTable('exam_reading')
    .addColumn('exam_id', 'text', (c) => c.primaryKey().references('mri_exam.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('adjudicator_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('final_findings_json', 'text')
    .addColumn('final_comments', 'text')
    .addColumn('final_kind', 'text')
    .addColumn('finalized_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reading_measurement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('reading_task.id'))
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('series_uid', 'text', (c) => c.notNull())
    .addColumn('sop_instance_uid', 'text', (c) => c.notNull())
    .addColumn('frame', 'integer', (c) => c.notNull())
    .addColumn('points_json', 'text', (c) => c.notNull())
    .addColumn('stats_json', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reading_measurement_task')
    .on('reading_measurement')
    .column('task_id')
    .execute();

  await db.schema
    .createTable('study_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Manus migrations are forward-only: clinical data is never dropped');
}

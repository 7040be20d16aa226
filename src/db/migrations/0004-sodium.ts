import type { Kysely } from 'kysely';

/**
 * Sodium quantification results: one record per quantification of an exam, holding the calibration, the warnings
 * and every parameter that produced it (provenance), and one row per ROI (participant × joint, and tissues).
 * A new quantification of the same exam supersedes the previous one, which is kept: nothing is deleted.
 * Measurements are double precision on both engines ("double precision" has REAL affinity in SQLite).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sodium_quantification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exam_id', 'text', (c) => c.notNull().references('mri_exam.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('participant.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('slope', 'double precision', (c) => c.notNull())
    .addColumn('intercept', 'double precision', (c) => c.notNull())
    .addColumn('r2', 'double precision', (c) => c.notNull())
    .addColumn('noise_sigma', 'double precision')
    .addColumn('references_json', 'text', (c) => c.notNull())
    .addColumn('warnings_json', 'text', (c) => c.notNull())
    .addColumn('parameters_json', 'text', (c) => c.notNull())
    .addColumn('manus_version', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sodium_quantification_exam')
    .on('sodium_quantification')
    .column('exam_id')
    .execute();

  await db.schema
    .createTable('sodium_roi_result')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('quantification_id', 'text', (c) => c.notNull().references('sodium_quantification.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('participant.id'))
    .addColumn('label', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('voxels', 'integer', (c) => c.notNull())
    .addColumn('volume_mm3', 'double precision', (c) => c.notNull())
    .addColumn('mean_mmol', 'double precision', (c) => c.notNull())
    .addColumn('sd_mmol', 'double precision', (c) => c.notNull())
    .addColumn('median_mmol', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sodium_roi_result_unique', ['quantification_id', 'label'])
    .execute();
  await db.schema
    .createIndex('sodium_roi_result_participant')
    .on('sodium_roi_result')
    .column('participant_id')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Manus migrations are forward-only: clinical data is never dropped');
}

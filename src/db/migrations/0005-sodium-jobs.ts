import type { Kysely } from 'kysely';

/**
 * Background sodium quantification jobs. The server runs them in-process, so their state lives here rather than in
 * memory: a job that was queued or running when the server stopped is found at the next start and marked failed,
 * instead of vanishing or showing "running" for ever. The request (series UIDs, legend, options) is kept whole, as
 * the provenance of the quantification it produces.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sodium_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exam_id', 'text', (c) => c.notNull().references('mri_exam.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('request_json', 'text', (c) => c.notNull())
    .addColumn('quantification_id', 'text', (c) => c.references('sodium_quantification.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sodium_job_status').on('sodium_job').column('status').execute();
}

export async function down(): Promise<void> {
  throw new Error('Manus migrations are forward-only: clinical data is never dropped');
}

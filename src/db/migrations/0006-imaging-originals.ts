import type { Kysely } from 'kysely';

/**
 * The admin-only quarantine of original image files, kept only when an import asks for it (off by default): one
 * row per de-identified record (a DICOM SOP instance, or a NIfTI series) whose original, identifying bytes are kept
 * under `<data dir>/quarantine/`, apart from the image store and never served by DICOMweb.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imaging_original')
    .addColumn('uid', 'text', (c) => c.primaryKey())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('store_key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Manus migrations are forward-only: clinical data is never dropped');
}

import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { MIGRATIONS } from './index.ts';

/** Every table the Kysely schema (src/db/schema.ts) declares. */
const SCHEMA_TABLES = [
  'app_user',
  'audit_event',
  'auth_throttle',
  'consent',
  'exam_reading',
  'form_query',
  'form_record',
  'identity',
  'imaging_instance',
  'imaging_original',
  'imaging_pseudonym',
  'imaging_secret',
  'imaging_series',
  'imaging_study',
  'mri_exam',
  'participant',
  'participant_status_change',
  'reading_measurement',
  'reading_task',
  'session',
  'site',
  'sodium_job',
  'sodium_quantification',
  'sodium_roi_result',
  'study',
  'study_setting',
  'visit',
];

describeEachEngine('migrations', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
  });
  afterEach(() => db.close());

  /** This database's tables: on PostgreSQL, only its own schema (other suites' throwaway schemas share the database). */
  const tables = async () => {
    const own =
      db.engine === 'postgres'
        ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]
            ?.schema
        : undefined;
    return (await db.kysely.introspection.getTables())
      .filter((t) => own === undefined || t.schema === own)
      .map((t) => t.name)
      .filter((name) => !name.startsWith('kysely_'))
      .sort();
  };

  it('creates every table of the schema, and records every migration as applied', async () => {
    expect(await tables()).toEqual(SCHEMA_TABLES);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      db.kysely,
    );
    expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('applies nothing when migrated again, leaving the schema as it was', async () => {
    const columnsBefore = await db.kysely.introspection.getTables();
    const again = await migrateToLatest(db);
    expect(again.results).toEqual([]);
    expect(await db.kysely.introspection.getTables()).toEqual(columnsBefore);
  });
});

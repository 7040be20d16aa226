import type { Kysely } from 'kysely';

/** Columns every mutable table has: optimistic-concurrency version and UTC timestamps. */
type TableBuilder = ReturnType<Kysely<unknown>['schema']['createTable']>;
const withVersioning = (table: TableBuilder): TableBuilder =>
  table
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());

export async function up(db: Kysely<unknown>): Promise<void> {
  await withVersioning(
    db.schema
      .createTable('study')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('nct_id', 'text', (c) => c.notNull().unique())
      .addColumn('protocol_json', 'text', (c) => c.notNull())
      .addColumn('synthetic', 'integer', (c) => c.notNull()),
  ).execute();

  await withVersioning(
    db.schema
      .createTable('site')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addUniqueConstraint('site_study_code_unique', ['study_id', 'code']),
  ).execute();

  await withVersioning(
    db.schema
      .createTable('participant')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('arm', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('screening_date', 'text', (c) => c.notNull())
      .addColumn('inclusion_date', 'text')
      .addColumn('end_date', 'text')
      .addColumn('synthetic', 'integer', (c) => c.notNull()),
  ).execute();
  await db.schema
    .createIndex('participant_study_status')
    .on('participant')
    .columns(['study_id', 'status'])
    .execute();

  await db.schema
    .createTable('participant_status_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('participant_id', 'text', (c) => c.notNull().references('participant.id'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('status_change_ordinal_unique', ['participant_id', 'ordinal'])
    .execute();

  await withVersioning(
    db.schema
      .createTable('identity')
      .addColumn('participant_id', 'text', (c) => c.primaryKey().references('participant.id'))
      .addColumn('family_name', 'text', (c) => c.notNull())
      .addColumn('given_name', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('hospital_record_number', 'text', (c) => c.notNull()),
  ).execute();

  await withVersioning(
    db.schema
      .createTable('consent')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participant.id'))
      .addColumn('consent_date', 'text', (c) => c.notNull())
      .addColumn('document_version', 'text', (c) => c.notNull())
      .addColumn('withdrawn_date', 'text'),
  ).execute();
  await db.schema.createIndex('consent_participant').on('consent').column('participant_id').execute();

  await withVersioning(
    db.schema
      .createTable('visit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participant.id'))
      .addColumn('visit_code', 'text', (c) => c.notNull())
      .addColumn('planned_date', 'text')
      .addColumn('actual_date', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addUniqueConstraint('visit_participant_code_unique', ['participant_id', 'visit_code']),
  ).execute();

  await withVersioning(
    db.schema
      .createTable('mri_exam')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('participant_id', 'text', (c) => c.notNull().references('participant.id'))
      .addColumn('visit_id', 'text', (c) => c.references('visit.id'))
      .addColumn('exam_code', 'text', (c) => c.notNull().unique())
      .addColumn('acquired_at', 'text')
      .addColumn('hands', 'text', (c) => c.notNull())
      .addColumn('scanner', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('exam_participant').on('mri_exam').column('participant_id').execute();

  await withVersioning(
    db.schema
      .createTable('app_user')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('last_login_at', 'text'),
  ).execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('reason', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_entity')
    .on('audit_event')
    .columns(['entity_type', 'entity_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Manus migrations are forward-only: clinical data is never dropped');
}

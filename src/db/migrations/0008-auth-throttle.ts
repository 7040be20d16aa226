import type { Kysely } from 'kysely';

/**
 * Counters of failed password checks (logins, e-signature re-entry), in the database so that every server on one
 * PostgreSQL applies the same limits. One row per key (an account from a client, a client, a signer, an account's
 * audit window); operational state rather than clinical data, so a row is overwritten in place. What an attack
 * looked like stays in the audit trail (the first failure of each window, the count when the window closes, locks).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locks', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Manus migrations are forward-only: clinical data is never dropped');
}

import { sql, type Transaction } from 'kysely';
import type { Database } from './connection.ts';
import type { DB } from './schema.ts';

export type Tx = Transaction<DB>;

/** Arbitrary constant naming the advisory lock that serialises writers on PostgreSQL. */
const WRITE_LOCK_KEY = 7_042_238_17;

/**
 * Runs a write and its audit events in one transaction. On PostgreSQL, writers take one advisory lock so that
 * audit sequence numbers and hash links are assigned in commit order; SQLite already has a single writer.
 */
export async function withTransaction<T>(db: Database, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(async (trx) => {
    if (db.engine === 'postgres') await sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`.execute(trx);
    return work(trx);
  });
}

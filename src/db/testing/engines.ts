import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type Database } from '../connection.ts';

/**
 * Runs a suite on every database engine: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
 * CI sets MANUS_REQUIRE_POSTGRES=1, which turns a missing PostgreSQL into a failure instead of a skip.
 */
export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database; close() removes it. */
  open(): Promise<Database>;
}

const pgUrl = process.env.TEST_DATABASE_URL;

if (!pgUrl && process.env.MANUS_REQUIRE_POSTGRES === '1') {
  throw new Error(
    'MANUS_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run',
  );
}

let noticePrinted = false;
function printSkipNotice(): void {
  if (noticePrinted) return;
  noticePrinted = true;
  process.stderr.write(
    'NOTICE: TEST_DATABASE_URL is not set; PostgreSQL suites are skipped (SQLite only).\n',
  );
}

const sqliteEngine: TestEngine = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'manus-test-'));
    const db = await openDatabase({ dataDir: dir });
    return {
      ...db,
      kysely: db.kysely,
      async close() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresEngine = (url: string): TestEngine => ({
  name: 'postgres',
  async open() {
    const schema = `manus_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: url, pgSchema: schema });
    return {
      ...db,
      kysely: db.kysely,
      async close() {
        await db.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema ${schema} cascade`);
        await cleanup.end();
      },
    };
  },
});

export const TEST_ENGINES: readonly TestEngine[] = pgUrl
  ? [sqliteEngine, postgresEngine(pgUrl)]
  : [sqliteEngine];

/** `describe` once per engine, named after it. */
export function describeEachEngine(name: string, suite: (engine: TestEngine) => void): void {
  if (!pgUrl) printSkipNotice();
  for (const engine of TEST_ENGINES) describe(`${name} [${engine.name}]`, () => suite(engine));
}

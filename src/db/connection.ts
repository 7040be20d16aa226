import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type Migration,
  type MigrationResultSet,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.ts';
import type { DB } from './schema.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  readonly kysely: Kysely<DB>;
  readonly engine: Engine;
  /** Where the data lives, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** The PostgreSQL schema it was opened in, when one was given. */
  readonly pgSchema?: string;
  /** How to open another connection to the same database (a worker thread reads through its own). */
  readonly connection: DatabaseConnectionOptions;
  close(): Promise<void>;
}

export type DatabaseConnectionOptions = Pick<DatabaseOptions, 'dataDir' | 'databaseUrl' | 'pgSchema'>;

export interface DatabaseOptions {
  /** Folder holding manus.sqlite (SQLite only). */
  dataDir?: string;
  /** postgres://… URL; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests isolate themselves in a throwaway schema). */
  pgSchema?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** PostgreSQL: longest wait for a connection, new or from the pool (default PG_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /**
   * SQLite: checkpoint the write-ahead log on a worker thread instead of inside commits (src/db/wal-checkpointer.ts),
   * for the long-running server. Commands and tests, which open the database briefly, keep SQLite's own.
   */
  backgroundCheckpoints?: boolean;
}

/**
 * How long a PostgreSQL connection may take to open, or a request wait for a free one, before it fails. Without it a
 * server whose database host silently drops packets waited at start-up until the operating system gave up (minutes).
 */
export const PG_CONNECT_TIMEOUT_MS = 10_000;

export const DEFAULT_DATA_DIR = './data';
/** The SQLite database's file name inside the data folder. */
export const SQLITE_FILE = 'manus.sqlite';

/** The data folder (images, quarantine, uploads): the SQLite database's folder, or MANUS_DATA_DIR (./data) for PostgreSQL. */
export function dataDirOf(db: Database): string {
  return db.engine === 'sqlite' ? dirname(db.location) : (process.env.MANUS_DATA_DIR ?? DEFAULT_DATA_DIR);
}

/** Opens the configured database and, unless told otherwise, brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const database = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.pgSchema, options.connectTimeoutMs ?? PG_CONNECT_TIMEOUT_MS)
    : openSqlite(options.dataDir ?? DEFAULT_DATA_DIR, options.backgroundCheckpoints === true);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

/**
 * Transactions take SQLite's write lock as they begin (BEGIN IMMEDIATE), waiting up to the busy timeout for it. A
 * deferred transaction that reads and then writes cannot wait: when a writer in another process (the server and a
 * CLI command share the file) committed since its read, SQLite answers "database is locked" at once.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Distinct SQL texts kept prepared: the repositories issue a few hundred; `in (?, …)` lists vary in length. */
const PREPARED_STATEMENTS = 1000;

/**
 * The database as Kysely sees it, preparing each SQL text once. Kysely prepares every query it runs, and preparing
 * was the largest single cost of an eCRF save (17 % of its time, more than running the statements). Statements are
 * reused one at a time, as Kysely runs one query at a time on its single SQLite connection; SQLite re-prepares a
 * statement by itself when a migration changes the schema. Past the limit the cache starts again empty: keeping the
 * order of use instead cost a map deletion and insertion on every query.
 */
function withPreparedStatements(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(source) {
      let statement = statements.get(source);
      if (!statement) {
        if (statements.size >= PREPARED_STATEMENTS) statements.clear();
        statement = sqlite.prepare(source);
        statements.set(source, statement);
      }
      return statement;
    },
  };
}

function openSqlite(dataDir: string, backgroundCheckpoints: boolean): Database {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, SQLITE_FILE);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // Durability, chosen knowingly (it was already the driver's default: better-sqlite3 is built with
  // SQLITE_DEFAULT_WAL_SYNCHRONOUS=1). NORMAL in WAL mode syncs the log at each checkpoint, not at each commit: a
  // committed transaction survives the process being killed and the file is never corrupted, but a power cut or an
  // operating-system crash may lose the transactions committed since the last checkpoint (whole transactions, in
  // order, so the audit chain stays valid); the server checkpoints every second (./wal-checkpointer.ts), which bounds
  // that to the last second. FULL would sync at each commit: 2.8 ms per commit on the development machine against
  // 0.2 ms, spent inside better-sqlite3's synchronous calls, so the whole server would stall for it, capping writes
  // near 350/s. Sharing one sync among concurrent saves (a group commit) would turn every write's
  // transaction into a savepoint of a shared one; it is not built. A deployment that must not lose an acknowledged
  // save to a power cut uses PostgreSQL, which syncs each commit.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // LIKE as on PostgreSQL: case-sensitive (SQLite folds ASCII case by default). A query that should ignore case
  // says so with lower(); DICOM wild card matching must not (PS3.4 C.2.2.2.4).
  sqlite.pragma('case_sensitive_like = ON');
  // The CLI and the server may share the file; wait for a writer instead of failing at once.
  sqlite.pragma('busy_timeout = 5000');
  const checkpointer = backgroundCheckpoints ? checkpointInBackground(sqlite, file) : undefined;
  const kysely = new Kysely<DB>({
    dialect: new ImmediateSqliteDialect({ database: withPreparedStatements(sqlite) }),
  });
  return {
    kysely,
    engine: 'sqlite',
    location: file,
    connection: { dataDir: dir },
    close: async () => {
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
}

/** SQLite's own threshold, in pages, restored if the worker stops. */
const AUTOCHECKPOINT_PAGES = 1000;

function checkpointInBackground(sqlite: SQLite.Database, file: string): WalCheckpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  return startWalCheckpointer(file, {
    onStop(error) {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      if (error)
        process.emitWarning(
          `The SQLite checkpoint thread stopped (${error.message}): commits checkpoint the log again`,
        );
    },
  });
}

function openPostgres(url: string, schema: string | undefined, connectTimeoutMs: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: connectTimeoutMs,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    engine: 'postgres',
    location: redactPassword(url),
    ...(schema ? { pgSchema: schema } : {}),
    connection: { databaseUrl: url, ...(schema ? { pgSchema: schema } : {}) },
    close: () => kysely.destroy(),
  };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: database.kysely,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => MIGRATIONS },
    // Without it Kysely looks for its migration tables in any schema, so a database migrating in its own schema
    // while another schema holds them (tests run in parallel, one schema each) skipped creating its own.
    ...(database.pgSchema ? { migrationTableSchema: database.pgSchema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

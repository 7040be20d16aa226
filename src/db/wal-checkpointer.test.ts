import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase, SQLITE_FILE } from './connection.ts';
import type { DB } from './schema.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

const autocheckpoint = async (db: Kysely<DB>) =>
  (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]!
    .wal_autocheckpoint;

async function until(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end;)
    if (check()) return true;
    else await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}

it("copies committed pages into the database file from its own thread, not in the server's commits", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manus-checkpoint-'));
  const db = await openDatabase({ dataDir: dir, backgroundCheckpoints: true });
  const file = join(dir, SQLITE_FILE);
  try {
    expect(await autocheckpoint(db.kysely)).toBe(0);
    await sql`create table filler (id integer primary key, body text)`.execute(db.kysely);
    const before = statSync(file).size;
    // 4 MB, past SQLite's own threshold (1,000 pages): its commits would have checkpointed it themselves.
    for (let i = 0; i < 64; i++)
      await sql`insert into filler (body) values (${'x'.repeat(64 * 1024)})`.execute(db.kysely);
    expect(await until(() => statSync(file).size >= before + 4 * 1024 * 1024)).toBe(true);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('reports a checkpoint thread that stopped, so that the connection checkpoints on commit again', async () => {
  const stopped = new Promise<Error | undefined>((resolve) => {
    startWalCheckpointer(join(tmpdir(), 'manus-no-such-folder', SQLITE_FILE), { onStop: resolve });
  });
  expect((await stopped)?.message).toMatch(/directory does not exist|unable to open/i);
});

it("keeps SQLite's own checkpoints when the database is opened without them (commands, tests)", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manus-checkpoint-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    expect(await autocheckpoint(db.kysely)).toBe(1000);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

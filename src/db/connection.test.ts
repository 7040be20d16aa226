import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Socket } from 'node:net';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from './connection.ts';

it('opens SQLite in WAL mode with the durability the README states (synchronous NORMAL) and foreign keys on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manus-connection-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db.kysely)).rows[0] as object)[0] as unknown;
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('foreign_keys')).toBe(1);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('gives up on a PostgreSQL server that never answers, after the connect timeout, instead of waiting for ever', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const started = Date.now();
  try {
    await expect(
      openDatabase({ databaseUrl: `postgres://manus@127.0.0.1:${port}/manus`, connectTimeoutMs: 300 }),
    ).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});

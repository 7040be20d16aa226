import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';
import { buildApp } from '../server/app.ts';
import { freePort } from './testing/serve.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');

/** Runs the real `manus` executable, as a user would through npx. */
function manus(args: string[], options: { dataDir: string; input?: string }) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, MANUS_DATA_DIR: options.dataDir, DATABASE_URL: '' },
    timeout: 60_000,
    // The audit export of the seeded demo is a few MB.
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('manus CLI', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'manus-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints help for every command and exits 2 on an unknown one', () => {
    const help = manus(['--help'], { dataDir });
    expect(help.code).toBe(0);
    for (const command of ['start', 'serve', 'migrate', 'demo', 'user', 'audit'])
      expect(help.stdout).toContain(command);
    for (const sub of [
      ['user', 'add'],
      ['user', 'list'],
      ['audit', 'verify'],
      ['audit', 'export'],
      ['serve'],
    ]) {
      expect(manus([...sub, '--help'], { dataDir }).code).toBe(0);
    }
    expect(manus(['frobnicate'], { dataDir }).code).toBe(2);
  });

  it('migrates once, then has nothing left to apply', () => {
    const first = manus(['migrate'], { dataDir });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      engine: 'sqlite',
      applied: Object.keys(MIGRATIONS).map((migration) => ({ migration, status: 'Success' })),
    });
    expect(JSON.parse(manus(['migrate'], { dataDir }).stdout).applied).toEqual([]);
  });

  it('seeds the demo once and refuses a second time', async () => {
    // The demo generates and imports synthetic images for its 41 acquired exams (20-40 s on two cores): run it
    // without blocking the test worker.
    const seeded = await promisify(execFile)(process.execPath, [BIN, 'demo'], {
      env: { ...process.env, MANUS_DATA_DIR: dataDir, DATABASE_URL: '' },
      timeout: 170_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(JSON.parse(seeded.stdout)).toMatchObject({ seeded: true, participants: 50 });
    const again = manus(['demo'], { dataDir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds a study');
  }, 180_000);

  it('adds a user from stdin who can then log in through the API', async () => {
    const added = manus(['user', 'add', '--username', 'x', '--role', 'radiologist', '--password-stdin'], {
      dataDir,
      input: 'a-long-reader-password\n',
    });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ username: 'x', role: 'radiologist', active: true });
    expect(
      JSON.parse(manus(['user', 'list'], { dataDir }).stdout).map((u: { username: string }) => u.username),
    ).toContain('x');

    const db = await openDatabase({ dataDir });
    const app = await buildApp({ db, webRoot: '/nonexistent' });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'x', password: 'a-long-reader-password' },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.role).toBe('radiologist');
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('exits 2 on bad user input, naming the field and the allowed values', () => {
    const badRole = manus(['user', 'add', '--username', 'y', '--role', 'reader', '--password-stdin'], {
      dataDir,
      input: 'a-long-password-1\n',
    });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('role: one of: admin, investigator, radiologist');
    const shortPassword = manus(['user', 'add', '--username', 'y', '--role', 'monitor', '--password-stdin'], {
      dataDir,
      input: 'short\n',
    });
    expect(shortPassword.code).toBe(2);
    expect(shortPassword.stderr).toContain('password: must be at least 12 characters');
    const duplicate = manus(['user', 'add', '--username', 'x', '--role', 'monitor', '--password-stdin'], {
      dataDir,
      input: 'a-long-password-1\n',
    });
    expect(duplicate.code).toBe(2);
    expect(manus(['user', 'add', '--role', 'monitor'], { dataDir }).code).toBe(2);
  });

  it('exports the trail as CSV and JSON, and rejects other formats', () => {
    const json = manus(['audit', 'export', '--format', 'json'], { dataDir });
    expect(json.code).toBe(0);
    const events = JSON.parse(json.stdout) as { seq: number; action: string }[];
    expect(events.length).toBeGreaterThan(500);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const out = join(dataDir, 'audit.csv');
    expect(manus(['audit', 'export', '--format', 'csv', '--out', out], { dataDir }).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'seq,ts,userId,username,role,action,entityType,entityId,before,after,reason,requestId,prevHash,hash',
    );
    expect(lines.length).toBeGreaterThan(events.length); // quoted JSON may not add lines; header adds one
    expect(manus(['audit', 'export', '--format', 'xml'], { dataDir }).code).toBe(2);
  });

  it('verifies the chain, then reports the first broken link after tampering', () => {
    const ok = manus(['audit', 'verify'], { dataDir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, firstBrokenSeq: null });

    const sqlite = new SQLite(join(dataDir, 'manus.sqlite'));
    sqlite.prepare("update audit_event set reason = 'tampered' where seq = 42").run();
    sqlite.close();
    const broken = manus(['audit', 'verify'], { dataDir });
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      valid: false,
      firstBrokenSeq: 42,
      reason: 'event content does not match its hash',
    });
  });

  it('ends manus serve with exit 1 and the reason when it cannot start, instead of serving nothing', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    const takenPort = (taken.address() as { port: number }).port;
    const notAFolder = join(dataDir, 'not-a-folder');
    writeFileSync(notAFolder, '');
    try {
      const cases: [NodeJS.ProcessEnv, number, RegExp][] = [
        [
          { MANUS_DATA_DIR: dataDir, DATABASE_URL: '' },
          takenPort,
          new RegExp(`^manus: Cannot listen on 127\\.0\\.0\\.1:${takenPort}: the port is already in use`),
        ],
        [
          { MANUS_DATA_DIR: dataDir, DATABASE_URL: 'postgres://manus@127.0.0.1:1/nowhere' },
          await freePort(),
          /^manus: Cannot open the database: connect ECONNREFUSED 127\.0\.0\.1:1/,
        ],
        [
          { MANUS_DATA_DIR: join(notAFolder, 'data'), DATABASE_URL: '' },
          await freePort(),
          /^manus: Cannot open the database: ENOTDIR/,
        ],
      ];
      for (const [env, port, reason] of cases) {
        // Asynchronous, so that this process's listener stays in place while the child tries the port.
        const failed = await promisify(execFile)(process.execPath, [BIN, 'serve', '--port', String(port)], {
          env: { ...process.env, ORTHANC_URL: '', ...env },
          timeout: 60_000,
        }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number | null; killed: boolean; stderr: string }) => ({
            code: error.killed ? 'timed out' : error.code,
            stderr: error.stderr,
          }),
        );
        expect(failed.code, failed.stderr).toBe(1);
        expect(failed.stderr).toMatch(reason);
      }
    } finally {
      await new Promise((closed) => taken.close(closed));
    }
  }, 120_000);
});

import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../db/actor.ts';
import { listAudit } from '../db/audit.ts';
import { openDatabase, type Database, type DatabaseOptions } from '../db/connection.ts';
import { createParticipant } from '../db/repositories/participants.ts';
import { createStudy } from '../db/repositories/study.ts';
import { withTransaction } from '../db/transaction.ts';
import { generateHandExam } from '../imaging/demo/hand-exam.ts';
import { runImport } from '../services/imaging/import.ts';
import type { VerificationReport } from '../services/store/verify.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');
const pgUrl = process.env.TEST_DATABASE_URL;
const actor: Actor = { userId: null, username: 'backup-test', role: 'system', requestId: 'backup-test' };

/** One engine's target: a data folder, and for PostgreSQL a database of its own (pg_dump copies whole databases). */
interface Target {
  dataDir: string;
  databaseUrl?: string;
}

const options = (target: Target): DatabaseOptions =>
  target.databaseUrl ? { databaseUrl: target.databaseUrl } : { dataDir: target.dataDir };

function env(target: Target): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: target.databaseUrl ?? '', MANUS_DATA_DIR: '', ORTHANC_URL: '' };
}

const manusAsync = (args: string[], target: Target) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { env: env(target), timeout: 120_000 });

function manus(args: string[], target: Target) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: env(target),
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A small synthetic exam (both hands, three series), imported into the inbox with its originals kept. */
async function importImages(db: Database, dataDir: string): Promise<number> {
  const files = generateHandExam({
    examCode: 'MR-BACKUP',
    studyDate: '2026-01-15',
    seed: 7,
    lesions: [],
    sizes: { proton: { columns: 16, rows: 14, slices: 4 }, sodium: { columns: 8, rows: 7, slices: 4 } },
  });
  async function* sources() {
    for (const file of files) yield { name: file.path, bytes: Buffer.concat(file.chunks) };
  }
  const summary = await runImport(sources(), {
    db,
    actor,
    dataDir,
    store: { kind: 'filesystem', dataDir },
    workers: 0,
    keepOriginals: true,
  });
  expect(summary.errors).toEqual([]);
  return summary.imported;
}

/** Every row of the tables a restore must bring back, in a stable order. */
async function snapshot(db: Database) {
  const participants = await db.kysely
    .selectFrom('participant')
    .select(['id', 'code', 'version'])
    .orderBy('code')
    .execute();
  const instances = await db.kysely
    .selectFrom('imaging_instance')
    .selectAll()
    .orderBy('sop_instance_uid')
    .execute();
  const originals = await db.kysely.selectFrom('imaging_original').selectAll().orderBy('uid').execute();
  const audit = (await listAudit(db.kysely)).map((e) => ({ seq: e.seq, action: e.action, hash: e.hash }));
  return { participants, instances, originals, audit };
}

function storeFiles(dataDir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const folder of ['dicom', 'nifti', 'quarantine']) {
    let entries;
    try {
      entries = readdirSync(join(dataDir, folder), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries)
      if (e.isFile())
        found.set(join(e.parentPath, e.name).slice(dataDir.length), readFileSync(join(e.parentPath, e.name)));
  }
  return found;
}

/** The source, the target of the restore, and a spare empty target for the restores that must be refused. */
interface Targets {
  source: Target;
  restored: Target;
  spare: Target;
  cleanup(): Promise<void>;
}

function scenario(name: string, makeTargets: () => Promise<Targets>) {
  describe(`manus backup and restore [${name}]`, () => {
    let source: Target;
    let restored: Target;
    let spare: Target;
    let cleanup: () => Promise<void>;
    let work: string;
    beforeAll(async () => {
      ({ source, restored, spare, cleanup } = await makeTargets());
      work = mkdtempSync(join(tmpdir(), 'manus-backup-'));
    });
    afterAll(async () => {
      await cleanup();
      rmSync(work, { recursive: true, force: true });
    });

    it('backs up under write load, restores into an empty folder, and both verifications pass', async () => {
      const db = await openDatabase(options(source));
      try {
        await withTransaction(db, (trx) => createStudy(trx, actor, { synthetic: false }));
        const images = await importImages(db, source.dataDir);
        expect(images).toBeGreaterThan(0);
        // Writers keep saving participants (each with its audit event) while the backup runs.
        let writing = true;
        let written = 0;
        const load = (async () => {
          while (writing) {
            await withTransaction(db, (trx) =>
              createParticipant(trx, actor, { arm: 'ssc', screeningDate: '2026-01-20' }),
            );
            written += 1;
            await new Promise((next) => setImmediate(next));
          }
        })();
        const out = join(work, 'backup');
        const backedUp = await manusAsync(['backup', '--out', out, '--data-dir', source.dataDir], source);
        const duringBackup = written;
        writing = false;
        await load;
        const summary = JSON.parse(backedUp.stdout) as { files: number; engine: string };
        expect(summary.engine).toBe(name);
        // The database snapshot, each DICOM instance in the store and each kept original.
        expect(summary.files).toBe(1 + 2 * images);
        expect(duringBackup).toBeGreaterThan(0);

        const restoredRun = manus(['restore', out, '--data-dir', restored.dataDir], restored);
        expect(restoredRun.stderr).toBe('');
        expect(restoredRun.code).toBe(0);
        const audit = manus(['audit', 'verify', '--data-dir', restored.dataDir], restored);
        expect(JSON.parse(audit.stdout)).toMatchObject({ valid: true });
        const store = manus(['store', 'verify', '--json', '--data-dir', restored.dataDir], restored);
        expect(store.code).toBe(0);
        const report = JSON.parse(store.stdout) as VerificationReport;
        expect(report).toMatchObject({ checked: 2 * images, ok: 2 * images, problems: [], orphans: [] });

        // The copy is one consistent state of the source: a prefix of its trail, the rows that trail describes.
        const after = await snapshot(db);
        const copy = await openDatabase(options(restored));
        try {
          const back = await snapshot(copy);
          // The restored trail: the backed-up events, then the restore (then the store check just run).
          const restoredAt = back.audit.findIndex((e) => e.action === 'backup.restore');
          expect(restoredAt).toBeGreaterThan(0);
          const copied = back.audit.slice(0, restoredAt);
          expect(copied).toEqual(after.audit.slice(0, copied.length));
          const participantEvents = copied.filter((e) => e.action === 'participant.create').length;
          expect(back.participants).toHaveLength(participantEvents);
          expect(back.participants).toEqual(after.participants.slice(0, participantEvents));
          expect(back.instances).toEqual(after.instances);
          expect(back.originals).toEqual(after.originals);
        } finally {
          await copy.close();
        }
        expect(storeFiles(restored.dataDir)).toEqual(storeFiles(source.dataDir));
        // The backup itself is audited in the live trail.
        expect(after.audit.some((e) => e.action === 'backup.create')).toBe(true);
      } finally {
        await db.close();
      }
    }, 120_000);

    it('refuses a damaged backup before writing anything, and a folder that is not empty', () => {
      const out = join(work, 'backup');
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
        files: { path: string }[];
      };
      const image = manifest.files.find((f) => f.path.startsWith('store/dicom/'))!;
      const bytes = readFileSync(join(out, image.path));
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
      writeFileSync(join(out, image.path), bytes);
      const damaged = manus(['restore', out, '--data-dir', spare.dataDir], spare);
      expect(damaged.code).toBe(2);
      expect(damaged.stderr).toContain('is damaged: nothing was restored');
      expect(damaged.stderr).toContain(image.path);
      expect(() => readdirSync(spare.dataDir)).toThrow();
      const occupied = manus(['restore', out, '--data-dir', restored.dataDir], restored);
      expect(occupied.code).toBe(2);
      expect(occupied.stderr).toContain('is not empty');
      expect(manus(['backup', '--out', out, '--data-dir', source.dataDir], source).code).toBe(2);
    });
  });
}

scenario('sqlite', async () => {
  const root = mkdtempSync(join(tmpdir(), 'manus-backup-data-'));
  return {
    source: { dataDir: join(root, 'source') },
    restored: { dataDir: join(root, 'restored') },
    spare: { dataDir: join(root, 'spare') },
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
});

if (pgUrl)
  scenario('postgres', async () => {
    const root = mkdtempSync(join(tmpdir(), 'manus-backup-data-'));
    const names = ['source', 'restored', 'spare'].map(
      (role) => `manus_backup_${role}_${randomBytes(4).toString('hex')}`,
    );
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    for (const name of names) await admin.query(`create database ${name}`);
    await admin.end();
    const urlOf = (name: string) => {
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      return url.toString();
    };
    return {
      source: { dataDir: join(root, 'source'), databaseUrl: urlOf(names[0]!) },
      restored: { dataDir: join(root, 'restored'), databaseUrl: urlOf(names[1]!) },
      spare: { dataDir: join(root, 'spare'), databaseUrl: urlOf(names[2]!) },
      async cleanup() {
        const drop = new pg.Client({ connectionString: pgUrl });
        await drop.connect();
        for (const name of names) await drop.query(`drop database if exists ${name} with (force)`);
        await drop.end();
        rmSync(root, { recursive: true, force: true });
      },
    };
  });

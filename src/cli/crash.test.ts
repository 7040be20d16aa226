import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connection.ts';
import { generateHandExam } from '../imaging/demo/hand-exam.ts';
import { zipStored } from '../imaging/testing/zip.ts';
import type { VerificationReport } from '../services/store/verify.ts';
import { MANUS_BIN as BIN, serveProcess, type ServeProcess as Server } from './testing/serve.ts';

/**
 * A server killed with SIGKILL (power cut, OOM killer) in the middle of writes and of an image import, then
 * restarted on the same data: the audit chain stays valid, the image store has no orphan, no identifying upload is
 * left behind, and every record is either whole with its audit event or absent.
 */
const pgUrl = process.env.TEST_DATABASE_URL;
const PASSWORD = 'violet tractor mango';
const CONCURRENT_WRITES = 24;
/** Of the 300 images of the import, how many reach the store before the kill: past the first batch of 250. */
const KILL_AT_STORED_FILES = 270;

interface Target {
  dataDir: string;
  databaseUrl?: string;
}

const env = (target: Target): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: target.databaseUrl ?? '',
  MANUS_DATA_DIR: target.dataDir,
  ORTHANC_URL: '',
});

function manus(args: string[], target: Target, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: env(target),
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const serve = (target: Target): Promise<Server> => serveProcess(env(target));

async function kill(server: Server): Promise<void> {
  server.process.kill('SIGKILL');
  await server.exited;
}

type Credentials = Record<string, string>;

const call = (server: Server, method: string, path: string, body: unknown, headers: Credentials) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function login(server: Server): Promise<Credentials> {
  const res = await call(
    server,
    'POST',
    '/api/session',
    { username: 'investigator', password: PASSWORD },
    {},
  );
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** POSTs a zip of images to an exam; the body may be a stream that never ends (an upload cut by the kill). */
const uploadImages = (
  server: Server,
  examId: string,
  body: ReadableStream<Uint8Array> | Buffer,
  headers: Credentials,
) =>
  fetch(`${server.url}/api/exams/${examId}/images`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/zip' },
    body,
    duplex: 'half',
  } as RequestInit);

/**
 * Both verifications, as an operator would run them after the restart: a valid chain, every recorded file intact,
 * no upload left. Orphans are checked by the caller: a kill between writing an image and committing its row
 * leaves a de-identified file no record names (documented as harmless; the next import of it adopts it).
 */
function expectVerified(target: Target): VerificationReport {
  const audit = manus(['audit', 'verify'], target);
  expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  expect(JSON.parse(audit.stdout)).toMatchObject({ valid: true, firstBrokenSeq: null });
  const store = manus(['store', 'verify', '--json'], target);
  expect(store.code, store.stdout + store.stderr).toBe(0);
  const report = JSON.parse(store.stdout) as VerificationReport;
  expect(report).toMatchObject({ problems: [], uploads: [] });
  return report;
}

/** The ids of the rows of a table, and the entity ids of the audit events of an action: each must match the other. */
async function rowsAndEvents(db: Database, table: 'participant' | 'mri_exam' | 'visit', action: string) {
  const rows = await db.kysely.selectFrom(table).select('id').execute();
  const events = await db.kysely
    .selectFrom('audit_event')
    .select('entity_id')
    .where('action', '=', action)
    .execute();
  return {
    rows: rows.map((r) => r.id).sort(),
    events: events.map((e) => e.entity_id).sort(),
  };
}

function uploadsIn(dataDir: string): string[] {
  const folder = join(dataDir, 'uploads');
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.upload')) : [];
}

function scenario(name: string, makeTarget: () => Promise<{ target: Target; cleanup(): Promise<void> }>) {
  describe(`SIGKILL during writes and imports [${name}]`, () => {
    let target: Target;
    let cleanup: () => Promise<void>;
    let server: Server | undefined;

    beforeAll(async () => {
      ({ target, cleanup } = await makeTarget());
      const init = manus(['study', 'init'], target);
      expect(init.code, init.stderr).toBe(0);
      const added = manus(
        ['user', 'add', '--username', 'investigator', '--role', 'investigator', '--password-stdin'],
        target,
        `${PASSWORD}\n`,
      );
      expect(added.code, added.stderr).toBe(0);
    }, 120_000);

    afterAll(async () => {
      if (server) await kill(server);
      await cleanup();
    }, 60_000);

    it('keeps every participant whole or absent when killed with writes in flight', async () => {
      server = await serve(target);
      const credentials = await login(server);
      const created: string[] = [];
      let settled = 0;
      const writes = Array.from({ length: CONCURRENT_WRITES }, () =>
        call(server!, 'POST', '/api/participants', { arm: 'ssc', screeningDate: '2026-05-01' }, credentials)
          .then(async (res) => {
            if (res.status === 201) created.push(((await res.json()) as { id: string }).id);
            else throw new Error(`participant creation answered ${res.status}: ${await res.text()}`);
          })
          .catch((error: unknown) => {
            // A connection cut by the kill is the point of the test; any other failure is not.
            if (!(error instanceof TypeError)) throw error;
          })
          .finally(() => (settled += 1)),
      );
      // Kill once a few writes are answered, with the others queued or half-way through their transaction.
      while (created.length < 3 && settled < CONCURRENT_WRITES)
        await new Promise((next) => setTimeout(next, 5));
      const answeredBeforeKill = created.length;
      await kill(server);
      await Promise.all(writes);
      server = undefined;
      const inFlight = CONCURRENT_WRITES - answeredBeforeKill;
      process.stderr.write(
        `crash test [${name}]: ${CONCURRENT_WRITES} participant creations fired, ${answeredBeforeKill} answered before SIGKILL, ${inFlight} in flight\n`,
      );
      expect(inFlight).toBeGreaterThan(0);
      expect(settled).toBe(CONCURRENT_WRITES);

      server = await serve(target);
      const listed = await call(server, 'GET', '/api/participants?limit=100', undefined, await login(server));
      expect(listed.status).toBe(200);
      const { total } = (await listed.json()) as { total: number };
      expect(expectVerified(target).orphans).toEqual([]);
      const db = await openDatabase(target.databaseUrl ? { databaseUrl: target.databaseUrl } : target);
      try {
        const participants = await rowsAndEvents(db, 'participant', 'participant.create');
        expect(participants.rows).toEqual(participants.events);
        expect(participants.rows).toHaveLength(total);
        // Every answered creation survived the kill.
        expect(participants.rows).toEqual(expect.arrayContaining(created));
        const visits = await rowsAndEvents(db, 'visit', 'visit.create');
        expect(visits.rows).toEqual(visits.events);
        const visitsPerParticipant = await db.kysely
          .selectFrom('visit')
          .select(({ fn }) => ['participant_id', fn.countAll<number>().as('count')])
          .groupBy('participant_id')
          .execute();
        expect(new Set(visitsPerParticipant.map((v) => Number(v.count))).size).toBe(1);
        expect(visitsPerParticipant).toHaveLength(total);
        process.stderr.write(
          `crash test [${name}]: after restart ${total} participants, each with its creation event and visits\n`,
        );
      } finally {
        await db.close();
      }
    }, 60_000);

    it('leaves no upload, unaudited image or broken chain when killed mid-upload and mid-import; a re-import adopts the orphans', async () => {
      server ??= await serve(target);
      const credentials = await login(server);
      const participant = await call(
        server,
        'POST',
        '/api/participants',
        { arm: 'ssc', screeningDate: '2026-05-02' },
        credentials,
      );
      const { code } = (await participant.json()) as { code: string };
      const exam = await call(server, 'POST', `/api/participants/${code}/exams`, {}, credentials);
      expect(exam.status).toBe(201);
      const examId = ((await exam.json()) as { id: string }).id;
      const files = [
        ...generateHandExam({
          examCode: 'MR-CRASH',
          studyDate: '2026-05-02',
          seed: 11,
          lesions: [],
          // More files than one recorded batch (250), so that the kill can fall between two batches.
          sizes: {
            proton: { columns: 8, rows: 8, slices: 100 },
            sodium: { columns: 4, rows: 4, slices: 100 },
          },
        }),
      ];
      const zip = zipStored(files.map((f) => ({ name: f.path, bytes: Buffer.concat(f.chunks) })));
      const upload = (body: ReadableStream<Uint8Array> | Buffer, headers: Credentials) =>
        uploadImages(server!, examId, body, headers).catch((error: unknown) => {
          // The connection cut by the kill.
          if (!(error instanceof TypeError)) throw error;
          return undefined;
        });

      // 1. Mid-upload: half the zip is sent and written to data/uploads, the rest never comes.
      const half = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(zip.subarray(0, zip.length >> 1));
        },
      });
      const pending = upload(half, credentials);
      const started = Date.now();
      while (
        !uploadsIn(target.dataDir).some((f) => statSync(join(target.dataDir, 'uploads', f)).size > 0) &&
        Date.now() - started < 10_000
      )
        await new Promise((next) => setTimeout(next, 5));
      const leftBehind = uploadsIn(target.dataDir);
      expect(leftBehind).toHaveLength(1);
      await kill(server);
      await pending;
      expect(uploadsIn(target.dataDir)).toEqual(leftBehind);
      server = await serve(target);
      // The restart removed the identifying upload before serving.
      expect(uploadsIn(target.dataDir)).toEqual([]);
      expect(expectVerified(target).orphans).toEqual([]);

      // 2. Mid-import: the whole zip is sent, and the server dies once most of its images reached the store.
      const credentialsAfter = await login(server);
      const importing = upload(zip, credentialsAfter);
      const dicom = join(target.dataDir, 'dicom');
      const storedFiles = () =>
        existsSync(dicom)
          ? readdirSync(dicom, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dcm')).length
          : 0;
      const begun = Date.now();
      while (storedFiles() < KILL_AT_STORED_FILES && Date.now() - begun < 20_000)
        await new Promise((next) => setTimeout(next, 1));
      await kill(server);
      const answer = await importing;
      const storedAtKill = storedFiles();
      server = await serve(target);
      expect(uploadsIn(target.dataDir)).toEqual([]);
      const report = expectVerified(target);
      // Only de-identified images written before their batch committed; never a kept original (none are kept here).
      for (const orphan of report.orphans) expect(orphan.path.startsWith(dicom)).toBe(true);
      // Each committed batch of instances has its audit event, with the count it recorded.
      const db = await openDatabase(target.databaseUrl ? { databaseUrl: target.databaseUrl } : target);
      try {
        const instances = await db.kysely
          .selectFrom('imaging_instance')
          .select(({ fn }) => fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        const batches = await db.kysely
          .selectFrom('audit_event')
          .select('after_json')
          .where('action', '=', 'imaging.instances.add')
          .execute();
        const audited = batches.reduce(
          (sum, b) => sum + (JSON.parse(b.after_json!) as { imported: number }).imported,
          0,
        );
        expect(Number(instances.count)).toBe(audited);
        expect(report.checked).toBe(audited);
        // Every image in the store without its row (written by the killed import before its batch committed) is
        // reported as an orphan by store verify.
        expect(report.checked + report.orphans.length).toBe(storedFiles());
      } finally {
        await db.close();
      }
      process.stderr.write(
        `crash test [${name}]: import of ${files.length} files killed ${answer ? `after its answer ${answer.status}` : 'before its answer'}, ${storedAtKill} files in the store at the kill, after restart ${report.checked} recorded files intact and ${report.orphans.length} orphans\n`,
      );
      // The import can be run again to completion: nothing half-written blocks it.
      const again = await uploadImages(server, examId, zip, credentialsAfter);
      expect(again.status, await again.clone().text()).toBe(200);
      const summary = (await again.json()) as { imported: number; skipped: number };
      expect(summary.imported + summary.skipped).toBe(files.length);
      expect(expectVerified(target)).toMatchObject({ checked: files.length, orphans: [] });
    }, 60_000);
  });
}

scenario('sqlite', async () => {
  const root = mkdtempSync(join(tmpdir(), 'manus-crash-'));
  return {
    target: { dataDir: join(root, 'data') },
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
});

if (pgUrl)
  scenario('postgres', async () => {
    const root = mkdtempSync(join(tmpdir(), 'manus-crash-'));
    const database = `manus_crash_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = `/${database}`;
    // The images' folder: on PostgreSQL nothing creates it before the first upload, and `store verify` needs it.
    mkdirSync(join(root, 'data'));
    return {
      target: { dataDir: join(root, 'data'), databaseUrl: url.toString() },
      async cleanup() {
        const drop = new pg.Client({ connectionString: pgUrl });
        await drop.connect();
        await drop.query(`drop database if exists ${database} with (force)`);
        await drop.end();
        rmSync(root, { recursive: true, force: true });
      },
    };
  });

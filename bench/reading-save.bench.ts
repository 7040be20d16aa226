/**
 * Reading-draft autosaves through the HTTP API on SQLite (issue 11 §10: at least 1,000 saves/s, and p99 under 50 ms
 * at that rate, with 64 concurrent clients). Each client is a radiologist saving its own task's 166-finding draft:
 * session, CSRF, blinded task access, validation of every finding of the draft, optimistic concurrency, the audit
 * event of what changed. Measured in a closed loop and then in an open loop at 1,000 saves/s (see bench/http-load.ts),
 * twice: as the workstation autosaves (PATCH /api/reading/tasks/:id/draft, the one value changed; this is the
 * verdict), then with the whole draft sent each time (PUT, as an API client may). The reference, measured in the same
 * run, is a bare insert of the same row (a copy of the task row with the same findings) in its own transaction, by 64
 * concurrent clients in this process: the floor any save with an audit trail stands on. The database is opened as
 * the server opens it (checkpoints on their own thread).
 * Run: npm run bench:reading [-- seconds] (the shipped build, with npm start's V8 flags: tools/run-built.mjs)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { bulkNormal, type Reading } from '../src/core/reading/findings.ts';
import type { Actor } from '../src/db/actor.ts';
import { openDatabase } from '../src/db/connection.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../src/db/demo/seed.ts';
import { listAcquiredExams } from '../src/db/repositories/reading/exam-readings.ts';
import { listTasks } from '../src/db/repositories/reading/tasks.ts';
import { withTransaction } from '../src/db/transaction.ts';
import { buildApp } from '../src/server/app.ts';
import { assignReading } from '../src/services/reading/assign.ts';
import { saveDraft } from '../src/services/reading/draft.ts';
import { runLoad, SAVE_TARGET, saveVerdict, timed } from './http-load.ts';

const CLIENTS = 64;
const seconds = Number(process.argv[2] ?? 10);

const dir = mkdtempSync(join(tmpdir(), 'manus-bench-reading-'));
const db = await openDatabase({ dataDir: dir, backgroundCheckpoints: true });
await seedDemo(db);

const actorOf = async (username: string): Promise<Actor> => {
  const user = await db.kysely
    .selectFrom('app_user')
    .select(['id', 'role'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: user.id, username, role: user.role as Actor['role'], requestId: `bench-${username}` };
};
const manager = await actorOf('datamanager');
const readers = [await actorOf('radiologist'), await actorOf('radiologist2')];
const exams = (await listAcquiredExams(db.kysely)).slice(0, CLIENTS / 2);
if (exams.length * 2 < CLIENTS)
  throw new Error(`the demo has ${exams.length} acquired exams, not ${CLIENTS / 2}`);
for (const exam of exams)
  await assignReading(db, manager, exam.examCode, { readers: [readers[0]!.userId!, readers[1]!.userId!] });
const tasks = await listTasks(db.kysely, { kind: 'read' });

/** A draft half done: the right hand all normal (the size of a typical autosave), one value changed per save. */
const draft: Reading = bulkNormal({ findings: [], comments: '' }, { side: 'R' });
const findingsAt = (i: number) =>
  draft.findings.map((f) => (f.site === 'R.MCP2' && f.item === 'synovitis' ? { ...f, value: i % 4 } : f));

// The reference: the same row, inserted bare into a copy of the table, by 64 clients at once.
await sql`create table bench_task as select * from reading_task where 0 = 1`.execute(db.kysely);
const row = await db.kysely.selectFrom('reading_task').selectAll().executeTakeFirstOrThrow();
const insertsPerClient = 40;
const floor = await timed(async () => {
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < insertsPerClient; i++)
        await withTransaction(db, (trx) =>
          trx
            .insertInto('bench_task' as 'reading_task')
            .values({ ...row, id: randomUUID(), findings_json: JSON.stringify(findingsAt(i)), version: i })
            .execute(),
        );
    }),
  );
});
const floorInserts = CLIENTS * insertsPerClient;
const floorPerSecond = floorInserts / (floor.wallMs / 1000);
const floorCpuMsPerInsert = floor.cpuMs / floorInserts;

// Every task starts with the draft saved once whole, as a reader's first autosave after "all normal" makes it.
for (const task of tasks.slice(0, CLIENTS)) {
  const reader = readers.find((r) => r.userId === task.readerId)!;
  await saveDraft(db, reader, task.id, { version: task.version, findings: findingsAt(3), comments: '' });
}

const app = await buildApp({ db, webRoot: '/nonexistent', logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const password = (username: string) => DEMO_ACCOUNTS.find((a) => a.username === username)!.password;
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
/** Each client saves its own task: `bodies(i)` is its i-th body of four, sent in turn. */
const loadOf = async (method: 'PUT' | 'PATCH', body: (i: number) => Record<string, unknown>) => {
  const current = await listTasks(db.kysely, { kind: 'read' });
  return runLoad({
    base,
    seconds,
    rate: SAVE_TARGET.savesPerSecond,
    clients: current.slice(0, CLIENTS).map((task) => {
      const reader = readers.find((r) => r.userId === task.readerId)!;
      return {
        username: reader.username,
        password: password(reader.username),
        url: `/api/reading/tasks/${task.id}/draft`,
        method,
        bodies: [0, 1, 2, 3].map(body),
        version: task.version,
      };
    }),
  });
};
// What the workstation sends (web/src/pages/reading/useDraftAutosave.ts): the one value changed.
const patched = await loadOf('PATCH', (i) => ({
  findings: [{ site: 'R.MCP2', item: 'synovitis', value: i }],
}));
// The whole draft, as an API client may send it.
const whole = await loadOf('PUT', (i) => ({ findings: findingsAt(i), comments: 'autosave' }));
await app.close();
const audited = await db.kysely
  .selectFrom('audit_event')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('action', '=', 'reading.task.draft')
  .executeTakeFirstOrThrow();
await db.close();
rmSync(dir, { recursive: true, force: true });
// The first saves, then each load's one save per client that opens its connection, then the timed saves.
const expected =
  3 * CLIENTS + patched.closed.saves + patched.open.saves + whole.closed.saves + whole.open.saves;
if (Number(audited.n) !== expected) throw new Error(`${audited.n} draft saves audited, not ${expected}`);

process.stdout.write(
  `${JSON.stringify(
    {
      engine: 'sqlite',
      clients: CLIENTS,
      findingsPerSave: draft.findings.length,
      ...saveVerdict(patched, { insertsPerSecond: floorPerSecond, cpuMsPerInsert: floorCpuMsPerInsert }),
      wholeDraftPut: saveVerdict(whole, {
        insertsPerSecond: floorPerSecond,
        cpuMsPerInsert: floorCpuMsPerInsert,
      }),
    },
    null,
    2,
  )}\n`,
);

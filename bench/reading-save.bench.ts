/**
 * Reading-draft autosave throughput on SQLite (issue 11 §10: ≥ 1,000 saves/s and p99 < 50 ms with 64 concurrent
 * clients). Each client is a radiologist saving its own task's draft again and again through the reading service
 * (`saveDraft`: task access, form validation, optimistic concurrency, the audit event); the reference, measured in
 * the same run with the same 64 clients, is a bare insert of the same row (a copy of the task row with the same
 * findings) in its own transaction: the floor any save with an audit trail stands on.
 * The HTTP route adds request parsing and its answer (the task view) on top of what is measured here.
 * Run: npx tsx bench/reading-save.bench.ts [saves per client]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { bulkNormal, type Reading } from '../src/core/reading/findings.ts';
import type { Actor } from '../src/db/actor.ts';
import { openDatabase } from '../src/db/connection.ts';
import { seedDemo } from '../src/db/demo/seed.ts';
import { listAcquiredExams } from '../src/db/repositories/reading/exam-readings.ts';
import { listTasks } from '../src/db/repositories/reading/tasks.ts';
import { withTransaction } from '../src/db/transaction.ts';
import { assignReading } from '../src/services/reading/assign.ts';
import { saveDraft } from '../src/services/reading/draft.ts';

const CLIENTS = 64;
const savesPerClient = Number(process.argv[2] ?? 40);

const dir = mkdtempSync(join(tmpdir(), 'manus-bench-reading-'));
const db = await openDatabase({ dataDir: dir });
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

interface Run {
  totalMs: number;
  /** Processor time of this process (user + system): on a shared machine, the figure load does not inflate. */
  cpuMs: number;
  latencies: number[];
}

/** Runs the 64 clients concurrently, each doing its saves one after the other, and times every save. */
async function run(save: (client: number, i: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < savesPerClient; i++) {
        const t = performance.now();
        await save(client, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { totalMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, latencies };
}

// The reference: the same row, inserted bare into a copy of the table, by the same clients.
await sql`create table bench_task as select * from reading_task where 0 = 1`.execute(db.kysely);
const row = await db.kysely.selectFrom('reading_task').selectAll().executeTakeFirstOrThrow();
const reference = await run(async (_client, i) => {
  await withTransaction(db, (trx) =>
    trx
      .insertInto('bench_task' as 'reading_task')
      .values({ ...row, id: randomUUID(), findings_json: JSON.stringify(findingsAt(i)), version: i })
      .execute(),
  );
});

const versions = tasks.map((t) => t.version);
const saves = await run(async (client, i) => {
  const task = tasks[client]!;
  const reader = readers.find((r) => r.userId === task.readerId)!;
  const saved = await saveDraft(db, reader, task.id, {
    version: versions[client]!,
    findings: findingsAt(i),
    comments: `autosave ${i}`,
  });
  versions[client] = saved.version;
});

const audited = await db.kysely
  .selectFrom('audit_event')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('action', '=', 'reading.task.draft')
  .executeTakeFirstOrThrow();
await db.close();
rmSync(dir, { recursive: true, force: true });
if (Number(audited.n) !== CLIENTS * savesPerClient) throw new Error(`${audited.n} draft saves audited`);

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const summary = (r: Run) => ({
  perSecond: Math.round((r.latencies.length / r.totalMs) * 1000),
  p50Ms: +quantile(r.latencies, 0.5).toFixed(2),
  p99Ms: +quantile(r.latencies, 0.99).toFixed(2),
  cpuMsPerSave: +(r.cpuMs / r.latencies.length).toFixed(3),
});
const measured = summary(saves);
const bare = summary(reference);
process.stdout.write(
  `${JSON.stringify(
    {
      engine: 'sqlite',
      clients: CLIENTS,
      saves: saves.latencies.length,
      findingsPerSave: draft.findings.length,
      draftSave: measured,
      bareInsert: bare,
      ratio: {
        throughput: +(bare.perSecond / measured.perSecond).toFixed(1),
        p50: +(measured.p50Ms / bare.p50Ms).toFixed(1),
        p99: +(measured.p99Ms / bare.p99Ms).toFixed(1),
        cpu: +(measured.cpuMsPerSave / bare.cpuMsPerSave).toFixed(1),
      },
      target: { perSecond: 1000, p99Ms: 50 },
      met: measured.perSecond >= 1000 && measured.p99Ms < 50,
    },
    null,
    2,
  )}\n`,
);

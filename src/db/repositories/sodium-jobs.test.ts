import { afterEach, beforeEach, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
import type { MriExam } from '../../core/study/records.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import {
  auditEventCount,
  auditEventsAfter,
  expectAuditChainIntact,
  openStudyDatabase,
  sodiumReport,
  testActor,
} from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { addExam } from './clinical-records.ts';
import { createParticipant } from './participants.ts';
import { recordQuantification } from './sodium.ts';
import {
  createSodiumJob,
  failInterruptedSodiumJobs,
  getSodiumJob,
  transitionSodiumJob,
  type SodiumJobTransition,
} from './sodium-jobs.ts';
import type { SodiumJobRequest } from '../../core/sodium/records.ts';

const REQUEST: SodiumJobRequest = {
  sodium: { seriesInstanceUid: '1.2.3.4' },
  labels: { uploadKey: 'labels-1' },
  legend: [{ label: 1, name: 'right MCP2', kind: 'joint' }],
  relaxation: null,
  receiveField: null,
  transmitField: null,
  noiseCorrection: true,
};

describeEachEngine('sodium job repository', (engine) => {
  let db: Database;
  let exam: MriExam;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
    const participant = await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' }),
    );
    exam = await withTransaction(db, (trx) =>
      addExam(trx, testActor, participant.code, NCT04223817, {
        acquiredAt: '2026-03-01T09:30:00.000Z',
        hands: 'both',
        scanner: '7T',
        notes: '',
      }),
    );
  });
  afterEach(() => db.close());

  const submit = (examId = exam.id) =>
    withTransaction(db, (trx) => createSodiumJob(trx, testActor, examId, REQUEST));
  const move = (id: string, transition: SodiumJobTransition) =>
    withTransaction(db, (trx) => transitionSodiumJob(trx, testActor, id, transition));

  it('queues a job with its request kept whole as provenance, audited', async () => {
    const mark = await auditEventCount(db);
    const job = await submit();
    expect(job).toMatchObject({
      examId: exam.id,
      status: 'queued',
      percent: 0,
      error: null,
      quantificationId: null,
      request: REQUEST,
      requestedBy: 'tester',
      version: 1,
    });
    expect(await getSodiumJob(db.kysely, job.id)).toEqual(job);
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'sodium.job.create', entityType: 'sodium_job', entityId: job.id, after: job },
    ]);
  });

  it('runs a job to success, linking the quantification it produced, each step audited', async () => {
    const job = await submit();
    const mark = await auditEventCount(db);
    await move(job.id, { status: 'running' });
    const quantification = await withTransaction(db, (trx) =>
      recordQuantification(trx, testActor, exam.id, sodiumReport(220)),
    );
    const done = await move(job.id, { status: 'succeeded', quantificationId: quantification.id });
    expect(done).toMatchObject({
      status: 'succeeded',
      percent: 100,
      quantificationId: quantification.id,
      version: 3,
    });
    const jobEvents = (await auditEventsAfter(db, mark)).filter((e) => e.entityType === 'sodium_job');
    expect(jobEvents).toMatchObject([
      {
        action: 'sodium.job.start',
        before: { status: 'queued', version: 1 },
        after: { status: 'running', version: 2 },
      },
      {
        action: 'sodium.job.succeed',
        before: { status: 'running' },
        after: { status: 'succeeded', percent: 100, error: null, version: 3 },
      },
    ]);
    await expectAuditChainIntact(db);
  });

  it('keeps the error and how far a failed job got', async () => {
    const job = await submit();
    await move(job.id, { status: 'running' });
    const failed = await move(job.id, {
      status: 'failed',
      error: 'labels do not match the grid',
      percent: 40,
    });
    expect(failed).toMatchObject({ status: 'failed', percent: 40, error: 'labels do not match the grid' });
    expect((await auditEventsAfter(db, 0)).at(-1)).toMatchObject({
      action: 'sodium.job.fail',
      after: { status: 'failed', percent: 40, error: 'labels do not match the grid' },
    });
  });

  it('fails the jobs a stopped server left queued or running, and only those', async () => {
    const queued = await submit();
    const running = await submit();
    await move(running.id, { status: 'running' });
    const finished = await submit();
    await move(finished.id, { status: 'failed', error: 'earlier failure', percent: 10 });
    expect(await withTransaction(db, (trx) => failInterruptedSodiumJobs(trx, testActor))).toBe(2);
    for (const id of [queued.id, running.id]) {
      expect(await getSodiumJob(db.kysely, id)).toMatchObject({
        status: 'failed',
        error: 'The server stopped before the job finished: submit it again',
      });
    }
    expect(await getSodiumJob(db.kysely, finished.id)).toMatchObject({
      error: 'earlier failure',
      version: 2,
    });
    expect(await withTransaction(db, (trx) => failInterruptedSodiumJobs(trx, testActor))).toBe(0);
  });

  it('reports an unknown exam or job as not found, writing nothing', async () => {
    const mark = await auditEventCount(db);
    await expect(submit('no-such-exam')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(move('no-such-job', { status: 'running' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(getSodiumJob(db.kysely, 'no-such-job')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await auditEventCount(db)).toBe(mark);
  });
});

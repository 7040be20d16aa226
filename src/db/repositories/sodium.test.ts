import { afterEach, beforeEach, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
import type { MriExam, Participant } from '../../core/study/records.ts';
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
import { listExamQuantifications, participantJointResults, recordQuantification } from './sodium.ts';

describeEachEngine('sodium quantification repository', (engine) => {
  let db: Database;
  let participant: Participant;
  let exam: MriExam;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
    participant = await withTransaction(db, (trx) =>
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

  const record = (jointMean: number, examId = exam.id) =>
    withTransaction(db, (trx) => recordQuantification(trx, testActor, examId, sodiumReport(jointMean)));

  it('stores a quantification with its calibration and ROIs, audited in full', async () => {
    const mark = await auditEventCount(db);
    const stored = await record(220);
    expect(stored).toMatchObject({
      examId: exam.id,
      examCode: exam.examCode,
      participantCode: participant.code,
      status: 'current',
      calibration: { slope: 2, intercept: 0, r2: 1, noiseSigma: 3 },
      rois: [
        { label: 1, name: 'right MCP2', kind: 'joint', concentrationMmol: { mean: 220, sd: 9, median: 220 } },
        { label: 50, name: 'muscle', kind: 'tissue' },
      ],
      parameters: { manusVersion: 'test', noiseCorrection: true },
      manusVersion: 'test',
      recordedBy: 'tester',
      version: 1,
    });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'sodium.quantification.record',
        entityType: 'sodium_quantification',
        entityId: stored.id,
        after: stored,
      },
    ]);
  });

  it('supersedes the previous quantification of the exam, keeping it and auditing the supersession first', async () => {
    const first = await record(220);
    const mark = await auditEventCount(db);
    const second = await record(231.5);
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'sodium.quantification.supersede',
        entityId: first.id,
        before: { status: 'current', version: 1 },
        after: { status: 'superseded', version: 2 },
      },
      { action: 'sodium.quantification.record', entityId: second.id },
    ]);
    expect(
      (await listExamQuantifications(db.kysely, exam.id)).map((q) => [q.id, q.status, q.version]),
    ).toEqual([
      [second.id, 'current', 1],
      [first.id, 'superseded', 2],
    ]);
    await expectAuditChainIntact(db);
  });

  it('gives the participant’s joint results from the current quantification only', async () => {
    await record(220);
    const current = await record(231.5);
    expect(await participantJointResults(db.kysely, participant.code)).toEqual([
      {
        quantificationId: current.id,
        examId: exam.id,
        examCode: exam.examCode,
        label: 1,
        name: 'right MCP2',
        voxels: 40,
        volumeMm3: 40,
        concentrationMmol: { mean: 231.5, sd: 9, median: 231.5 },
      },
    ]);
  });

  it('reports an unknown exam or participant as not found, recording nothing', async () => {
    const mark = await auditEventCount(db);
    await expect(record(220, 'no-such-exam')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(listExamQuantifications(db.kysely, 'no-such-exam')).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(participantJointResults(db.kysely, 'P-9999')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await listExamQuantifications(db.kysely, exam.id)).toEqual([]);
    expect(await auditEventCount(db)).toBe(mark);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { bulkNormal, type Finding, type Reading } from '../../core/reading/findings.ts';
import { NCT04223817 } from '../../core/study/protocol.ts';
import type { MriExam } from '../../core/study/records.ts';
import type { Actor } from '../../db/actor.ts';
import { listAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { addExam } from '../../db/repositories/clinical-records.ts';
import { createParticipant } from '../../db/repositories/participants.ts';
import { getExamReading } from '../../db/repositories/reading/exam-readings.ts';
import { updateReadingSettings } from '../../db/repositories/reading/settings.ts';
import { listTasks } from '../../db/repositories/reading/tasks.ts';
import { createUser } from '../../db/repositories/users.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { expectAuditChainIntact, openStudyDatabase, testActor } from '../../db/testing/fixtures.ts';
import { withTransaction } from '../../db/transaction.ts';
import { adjudicate } from './adjudicate.ts';
import { assignReading, autoAssignOnImages } from './assign.ts';
import { readsOf } from './compare.ts';
import { saveDraft } from './draft.ts';
import { exportReadings, readingAgreement } from './export.ts';
import { submitRead } from './submit.ts';
import { unlockRead } from './unlock.ts';
import { taskView, worklist } from './views.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';

const PASSWORD = 'reader password 7T';
const normal = (): Reading =>
  bulkNormal(bulkNormal({ findings: [], comments: '' }, { side: 'R' }), { side: 'L' });
const withSynovitis = (grade: number): Finding[] =>
  normal().findings.map((f) => (f.site === 'R.MCP2' && f.item === 'synovitis' ? { ...f, value: grade } : f));

/** The reading workflow at the service level: assignment, drafts, e-signed submission, comparison, adjudication. */
describeEachEngine('reading workflow', (engine) => {
  let db: Database;
  let exam: MriExam;
  let readers: Actor[];
  let dataManager: Actor;
  const images = new StoredImages('/nonexistent');

  const person = async (username: string, role: 'radiologist' | 'data_manager'): Promise<Actor> => {
    const user = await withTransaction(db, (trx) =>
      createUser(trx, testActor, { username, role, displayName: username, password: PASSWORD }),
    );
    return { userId: user.id, username, role, requestId: 'test' };
  };

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
    readers = [
      await person('ana', 'radiologist'),
      await person('ben', 'radiologist'),
      await person('cleo', 'radiologist'),
    ];
    dataManager = await person('dm', 'data_manager');
  });
  afterEach(() => db.close());

  const assign = () =>
    assignReading(db, dataManager, exam.examCode, {
      readers: [readers[0]!.userId!, readers[1]!.userId!],
      adjudicatorId: readers[2]!.userId!,
    });
  const taskOf = async (reader: Actor) => (await worklist(db, reader, false))[0]!;
  const read = async (reader: Actor, findings: Finding[]) => {
    const { taskId } = await taskOf(reader);
    const saved = await saveDraft(db, reader, taskId, { version: 1, findings, comments: '' });
    return submitRead(db, reader, taskId, { version: saved.version, password: PASSWORD });
  };

  it('assigns two readers and an adjudicator, three different radiologists, and refuses otherwise', async () => {
    await expect(
      assignReading(db, dataManager, exam.examCode, {
        readers: [readers[0]!.userId!, readers[0]!.userId!],
      }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'readers.1' }] });
    await expect(
      assignReading(db, dataManager, exam.examCode, {
        readers: [readers[0]!.userId!, dataManager.userId!],
      }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'readers.1', message: 'must be an active radiologist' }],
    });
    await expect(
      assignReading(db, dataManager, exam.examCode, {
        readers: [readers[0]!.userId!, readers[1]!.userId!],
        adjudicatorId: readers[1]!.userId!,
      }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'adjudicatorId' }] });
    expect(await assign()).toMatchObject({ status: 'awaiting_reads', adjudicatorId: readers[2]!.userId });
    expect((await listTasks(db.kysely, { examId: exam.id })).map((t) => t.kind)).toEqual(['read', 'read']);
    await expect(assign()).rejects.toMatchObject({ kind: 'conflict' });
    expect(await worklist(db, readers[2]!, false)).toEqual([]);
  });

  it('saves drafts, refuses an incomplete submission naming what is missing, and finalises agreeing reads', async () => {
    await assign();
    const { taskId } = await taskOf(readers[0]!);
    await expect(
      saveDraft(db, readers[0]!, taskId, {
        version: 1,
        findings: [{ site: 'R.MCP2', item: 'synovitis', value: 7 }],
        comments: '',
      }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'findings.0' }] });
    const draft = await saveDraft(db, readers[0]!, taskId, {
      version: 1,
      findings: [{ site: 'R.MCP2', item: 'synovitis', value: 1 }],
      comments: 'started',
    });
    expect(draft).toMatchObject({ status: 'in_progress', version: 2 });
    await expect(
      saveDraft(db, readers[1]!, taskId, { version: 2, findings: [], comments: '' }),
    ).rejects.toMatchObject({
      kind: 'not_found',
    });
    const incomplete = submitRead(db, readers[0]!, taskId, { version: 2, password: PASSWORD });
    await expect(incomplete).rejects.toMatchObject({ kind: 'invalid' });
    const error = (await incomplete.catch((e: unknown) => e)) as { fields: { path: string }[] };
    expect(error.fields.length).toBe(normal().findings.length - 1);
    expect(error.fields.map((f) => f.path)).toContain('synovitis@L.MCP2');
    const view = await taskView(db, readers[0]!, taskId, images);
    expect(view.missing.length).toBe(error.fields.length);
    expect(view).toMatchObject({ examCode: exam.examCode, reading: { comments: 'started' }, series: [] });

    const full = await saveDraft(db, readers[0]!, taskId, {
      version: 2,
      findings: withSynovitis(1),
      comments: '',
    });
    await expect(
      submitRead(db, readers[0]!, taskId, { version: full.version, password: 'not my password' }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'password' }] });
    expect((await listAudit(db.kysely, { action: 'reading.sign_failed' })).length).toBe(1);
    await submitRead(db, readers[0]!, taskId, { version: full.version, password: PASSWORD });
    await expect(
      saveDraft(db, readers[0]!, taskId, { version: full.version + 1, findings: [], comments: '' }),
    ).rejects.toMatchObject({ kind: 'conflict' });
    expect((await getExamReading(db.kysely, exam.id)).status).toBe('awaiting_reads');

    // Grade 2 against grade 1: both call synovitis present, so the default rule agrees and keeps the higher grade.
    await read(readers[1]!, withSynovitis(2));
    const final = await getExamReading(db.kysely, exam.id);
    expect(final).toMatchObject({ status: 'final', final: { kind: 'agreed' } });
    expect(final.final!.findings).toContainEqual({ site: 'R.MCP2', item: 'synovitis', value: 2 });
    expect(await worklist(db, readers[2]!, false)).toEqual([]);
    const exported = await exportReadings(db);
    expect(exported.map((r) => [r.kind, r.final])).toEqual([
      ['read', false],
      ['read', false],
      ['agreed', true],
    ]);
    expect((await readingAgreement(db)).items.find((i) => i.item === 'synovitis')).toMatchObject({
      weighting: 'quadratic',
      pairs: 38,
    });
    await expectAuditChainIntact(db);
  });

  it('sends disagreeing reads to the adjudicator, whose consensus becomes final', async () => {
    await assign();
    await read(readers[0]!, withSynovitis(0));
    await read(readers[1]!, withSynovitis(2));
    expect((await getExamReading(db.kysely, exam.id)).status).toBe('adjudication_needed');
    const [adjudication] = await worklist(db, readers[2]!, false);
    expect(adjudication).toMatchObject({ kind: 'adjudication', status: 'assigned' });
    const view = await taskView(db, readers[2]!, adjudication!.taskId, images);
    // Reads A and B are the two reads in task order, whoever submitted first.
    const [disputed, ...others] = view.adjudication!.disagreements;
    expect(others).toEqual([]);
    expect(disputed).toMatchObject({ site: 'R.MCP2', item: 'synovitis' });
    expect([disputed!.a, disputed!.b].sort()).toEqual([0, 2]);
    expect(view.adjudication!.reads.map((r) => r.label)).toEqual(['A', 'B']);
    // A reader never sees the other's values.
    const readerView = await taskView(db, readers[0]!, (await taskOf(readers[0]!)).taskId, images);
    expect(readerView.adjudication).toBeUndefined();
    await expect(
      adjudicate(db, readers[2]!, adjudication!.taskId, { version: 1, password: PASSWORD, choices: [] }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'synovitis@R.MCP2' }] });
    await adjudicate(db, readers[2]!, adjudication!.taskId, {
      version: 1,
      password: PASSWORD,
      choices: [{ site: 'R.MCP2', item: 'synovitis', value: 1 }],
    });
    const final = await getExamReading(db.kysely, exam.id);
    expect(final).toMatchObject({ status: 'final', final: { kind: 'consensus' } });
    expect(final.final!.findings).toContainEqual({ site: 'R.MCP2', item: 'synovitis', value: 1 });
    const exported = await exportReadings(db);
    expect(exported.map((r) => [r.kind, r.final])).toEqual([
      ['read', false],
      ['read', false],
      ['consensus', true],
    ]);
    expect(exported.filter((r) => r.final)[0]!.findings.length).toBe(normal().findings.length);
  });

  it('unlocks a submitted read with a reason, sending the exam back to awaiting its reads', async () => {
    await assign();
    await read(readers[0]!, withSynovitis(0));
    const submitted = await read(readers[1]!, withSynovitis(3));
    expect((await getExamReading(db.kysely, exam.id)).status).toBe('adjudication_needed');
    await expect(
      unlockRead(db, dataManager, submitted.id, { version: submitted.version, reason: ' ' }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'reason' }] });
    const unlocked = await unlockRead(db, dataManager, submitted.id, {
      version: submitted.version,
      reason: 'MCP2 scored on the wrong hand',
    });
    expect(unlocked.status).toBe('in_progress');
    expect((await getExamReading(db.kysely, exam.id)).status).toBe('awaiting_reads');
    const events = await listAudit(db.kysely, { action: 'reading.exam.reopen' });
    expect(events).toMatchObject([{ reason: 'MCP2 scored on the wrong hand' }]);
    // The corrected read now agrees: final, and the adjudication task leaves the adjudicator's worklist.
    const corrected = await saveDraft(db, readers[1]!, submitted.id, {
      version: unlocked.version,
      findings: withSynovitis(0),
      comments: '',
    });
    await submitRead(db, readers[1]!, submitted.id, { version: corrected.version, password: PASSWORD });
    expect((await getExamReading(db.kysely, exam.id)).status).toBe('final');
    expect(await worklist(db, readers[2]!, false)).toEqual([]);
  });

  it('labels the reads A and B in random task-id order, not in the order the readers were named', async () => {
    await assign();
    const ids = (await listTasks(db.kysely, { examId: exam.id, kind: 'read' })).map((t) => t.id);
    const [low, high] = ids.sort();
    // The read with the larger id assigned first: it is still B.
    const assignedAt = (id: string, at: string) =>
      db.kysely.updateTable('reading_task').set({ assigned_at: at }).where('id', '=', id).execute();
    await assignedAt(high!, '2026-03-01T10:00:00.000Z');
    await assignedAt(low!, '2026-03-01T11:00:00.000Z');
    expect((await readsOf(db.kysely, exam.id)).map((t) => t.id)).toEqual([low, high]);
  });

  it('assigns round-robin when images arrive, only with the setting on', async () => {
    expect(await autoAssignOnImages(db, testActor, exam.id)).toBeNull();
    await withTransaction(db, (trx) =>
      updateReadingSettings(trx, testActor, {
        autoAssign: true,
        adjudicationRule: 'primary_presence',
        version: 0,
      }),
    );
    const first = await autoAssignOnImages(db, testActor, exam.id);
    expect(first).toMatchObject({ adjudicatorId: readers[2]!.userId });
    // Tasks created in the same millisecond list in id order: compare the readers as a set.
    expect((await listTasks(db.kysely, { examId: exam.id })).map((t) => t.readerId).sort()).toEqual(
      [readers[0]!.userId, readers[1]!.userId].sort(),
    );
    expect(await autoAssignOnImages(db, testActor, exam.id)).toBeNull();
    const participant = await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm: 'control', screeningDate: '2026-01-11' }),
    );
    const second = await withTransaction(db, (trx) =>
      addExam(trx, testActor, participant.code, NCT04223817, {
        acquiredAt: '2026-03-02T09:30:00.000Z',
        hands: 'both',
        scanner: '7T',
        notes: '',
      }),
    );
    expect(await autoAssignOnImages(db, testActor, second.id)).toMatchObject({
      adjudicatorId: readers[0]!.userId,
    });
    expect((await listTasks(db.kysely, { examId: second.id })).map((t) => t.readerId).sort()).toEqual(
      [readers[1]!.userId, readers[2]!.userId].sort(),
    );
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Finding } from '../../../core/reading/findings.ts';
import { NCT04223817 } from '../../../core/study/protocol.ts';
import type { MriExam } from '../../../core/study/records.ts';
import type { Database } from '../../connection.ts';
import { describeEachEngine } from '../../testing/engines.ts';
import {
  auditEventCount,
  auditEventsAfter,
  expectAuditChainIntact,
  openStudyDatabase,
  testActor,
} from '../../testing/fixtures.ts';
import { withTransaction } from '../../transaction.ts';
import { addExam } from '../clinical-records.ts';
import { createParticipant } from '../participants.ts';
import { createUser } from '../users.ts';
import { createExamReading, findExamReading, getExamReading, updateExamReading } from './exam-readings.ts';
import {
  createMeasurement,
  deactivateMeasurement,
  listMeasurements,
  updateMeasurement,
  type MeasurementInput,
} from './measurements.ts';
import { DEFAULT_READING_SETTINGS, getReadingSettings, updateReadingSettings } from './settings.ts';
import { createTask, getTask, listTasks, updateTask } from './tasks.ts';

const LENGTH: MeasurementInput = {
  tool: 'Length',
  seriesUid: '1.2.3',
  sopInstanceUid: '1.2.3.4',
  frame: 1,
  points: [
    [0, 0, 0],
    [10, 0, 0],
  ],
  stats: { length: 10 },
  label: 'MCP2',
};

describeEachEngine('reading repositories', (engine) => {
  let db: Database;
  let exam: MriExam;
  let readerId: string;
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
    readerId = (
      await withTransaction(db, (trx) =>
        createUser(trx, testActor, {
          username: 'reader',
          role: 'radiologist',
          displayName: 'Reader',
          password: 'a long enough password',
        }),
      )
    ).id;
  });
  afterEach(() => db.close());

  it('creates a task, saves findings at the current version only, and audits before and after', async () => {
    const mark = await auditEventCount(db);
    const task = await withTransaction(db, (trx) =>
      createTask(trx, testActor, { examId: exam.id, readerId, kind: 'read' }),
    );
    expect(task).toMatchObject({ status: 'assigned', findings: [], comments: '', version: 1 });
    const findings = [{ site: 'R.MCP2', item: 'synovitis' as const, value: 2 }];
    const saved = await withTransaction(db, (trx) =>
      updateTask(
        trx,
        testActor,
        task,
        1,
        { status: 'in_progress', findings, comments: 'ok' },
        { action: 'draft' },
      ),
    );
    expect(saved).toMatchObject({ status: 'in_progress', findings, comments: 'ok', version: 2 });
    expect(await getTask(db.kysely, task.id)).toEqual(saved);
    // A stale version sent, and a task read before someone else's change: both refused, nothing written.
    for (const [read, sent] of [
      [saved, 1],
      [task, 1],
    ] as const)
      await expect(
        withTransaction(db, (trx) =>
          updateTask(trx, testActor, read, sent, { comments: 'x' }, { action: 'draft' }),
        ),
      ).rejects.toMatchObject({ kind: 'conflict' });
    expect(await getTask(db.kysely, task.id)).toEqual(saved);
    const events = await auditEventsAfter(db, mark);
    expect(events.map((e) => e.action)).toEqual(['reading.task.assign', 'reading.task.draft']);
    expect(events[1]).toMatchObject({
      before: { status: 'assigned', findings: [], version: 1 },
      after: { status: 'in_progress', findings, version: 2 },
    });
    expect(await listTasks(db.kysely, { readerId })).toEqual([saved]);
    await expectAuditChainIntact(db);
  });

  it('audits a draft save as what changed: the version, changed fields and changed findings only', async () => {
    const task = await withTransaction(db, (trx) =>
      createTask(trx, testActor, { examId: exam.id, readerId, kind: 'read' }),
    );
    let current = task;
    const draft = async (findings: Finding[], comments: string) =>
      (current = await withTransaction(db, (trx) =>
        updateTask(
          trx,
          testActor,
          current,
          current.version,
          { status: 'in_progress', findings, comments },
          { action: 'draft', changesOnly: true },
        ),
      ));
    const mcp2 = { site: 'R.MCP2', item: 'synovitis' as const, value: 1 };
    const mcp3 = { site: 'R.MCP3', item: 'synovitis' as const, value: 0 };
    await draft([mcp2, mcp3], '');
    const mark = await auditEventCount(db);
    const second = await draft([{ ...mcp2, value: 2 }, mcp3], 'MCP2 worse');
    expect(await getTask(db.kysely, task.id)).toEqual(second);
    const removed = await draft([mcp3], 'MCP2 worse');
    expect(removed.findings).toEqual([mcp3]);
    expect(await auditEventsAfter(db, mark)).toEqual([
      expect.objectContaining({
        action: 'reading.task.draft',
        before: { comments: '', findings: [mcp2], version: 2 },
        after: { comments: 'MCP2 worse', findings: [{ ...mcp2, value: 2 }], version: 3 },
      }),
      expect.objectContaining({
        before: { findings: [{ ...mcp2, value: 2 }], version: 3 },
        after: { findings: [], version: 4 },
      }),
    ]);
    await expectAuditChainIntact(db);
  });

  it('stores findings as JSON.stringify writes them, without other keys, and reads back what is stored', async () => {
    let task = await withTransaction(db, (trx) =>
      createTask(trx, testActor, { examId: exam.id, readerId, kind: 'read' }),
    );
    const storedText = async () =>
      (
        await db.kysely
          .selectFrom('reading_task')
          .select('findings_json')
          .where('id', '=', task.id)
          .executeTakeFirstOrThrow()
      ).findings_json;
    const save = async (findings: Finding[]) =>
      (task = await withTransaction(db, (trx) =>
        updateTask(trx, testActor, task, task.version, { findings }, { action: 'draft', changesOnly: true }),
      ));
    const mcp2 = { site: 'R.MCP2', item: 'synovitis' as const, value: 1 };
    const mcp3 = { site: 'R.MCP3', item: 'synovitis' as const, value: 0 };
    await save([{ ...mcp2, note: 'not a field' } as Finding, mcp3]);
    expect(await storedText()).toBe(JSON.stringify([mcp2, mcp3]));
    // The next save keeps the stored findings (shared, frozen) and changes one: the same text as serialising it all.
    const kept = (await getTask(db.kysely, task.id)).findings;
    expect(Object.isFrozen(kept[1])).toBe(true);
    await save([{ ...mcp2, value: 3 }, kept[1]!]);
    expect(await storedText()).toBe(JSON.stringify([{ ...mcp2, value: 3 }, mcp3]));
    // Stored findings in other places than before (one cleared, the rest moved up): still serialised exactly.
    const [, storedMcp3] = (await save([...task.findings, { ...mcp2, site: 'R.MCP4' }])).findings;
    await save([storedMcp3!, { ...mcp2, site: 'R.MCP4' }]);
    expect(await storedText()).toBe(JSON.stringify([mcp3, { ...mcp2, site: 'R.MCP4' }]));
    await save([task.findings[1]!, task.findings[0]!]);
    expect(await storedText()).toBe(JSON.stringify([{ ...mcp2, site: 'R.MCP4' }, mcp3]));
    // Another process's write is read as stored, not as this process last saw it.
    await db.kysely
      .updateTable('reading_task')
      .set({ findings_json: JSON.stringify([mcp3]) })
      .where('id', '=', task.id)
      .execute();
    expect((await getTask(db.kysely, task.id)).findings).toEqual([mcp3]);
  });

  it('refuses a second task for the same reader and exam', async () => {
    await withTransaction(db, (trx) =>
      createTask(trx, testActor, { examId: exam.id, readerId, kind: 'read' }),
    );
    await expect(
      withTransaction(db, (trx) =>
        createTask(trx, testActor, { examId: exam.id, readerId, kind: 'adjudication' }),
      ),
    ).rejects.toThrow();
  });

  it("keeps an exam's reading status and final reading, with the reason of a change audited", async () => {
    expect(await findExamReading(db.kysely, exam.id)).toBeNull();
    const created = await withTransaction(db, (trx) =>
      createExamReading(trx, testActor, { examId: exam.id, adjudicatorId: null }),
    );
    expect(created).toMatchObject({ status: 'awaiting_reads', final: null, version: 1 });
    const mark = await auditEventCount(db);
    const final = {
      findings: [{ site: 'R.MCP2', item: 'synovitis' as const, value: 1 }],
      comments: '',
      kind: 'agreed' as const,
    };
    const finalised = await withTransaction(db, (trx) =>
      updateExamReading(
        trx,
        testActor,
        exam.id,
        1,
        { status: 'final', final, finalizedAt: '2026-03-02T10:00:00.000Z' },
        { action: 'finalize', reason: 'both reads agree' },
      ),
    );
    expect(finalised).toMatchObject({ status: 'final', final, version: 2 });
    expect(await getExamReading(db.kysely, exam.id)).toEqual(finalised);
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'reading.exam.finalize',
        reason: 'both reads agree',
        before: { status: 'awaiting_reads', final: null },
        after: { status: 'final', final },
      },
    ]);
    await expect(
      withTransaction(db, (trx) =>
        updateExamReading(trx, testActor, exam.id, 1, { status: 'awaiting_reads' }, { action: 'reopen' }),
      ),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('updates measurements and deletes them softly, every change audited', async () => {
    const task = await withTransaction(db, (trx) =>
      createTask(trx, testActor, { examId: exam.id, readerId, kind: 'read' }),
    );
    const m = await withTransaction(db, (trx) => createMeasurement(trx, testActor, task.id, LENGTH));
    expect(m).toMatchObject({ ...LENGTH, active: true, version: 1 });
    const moved = await withTransaction(db, (trx) =>
      updateMeasurement(trx, testActor, task.id, m.id, 1, { ...LENGTH, label: 'MCP3' }),
    );
    expect(moved).toMatchObject({ label: 'MCP3', version: 2 });
    await expect(
      withTransaction(db, (trx) => deactivateMeasurement(trx, testActor, task.id, m.id, 1)),
    ).rejects.toMatchObject({ kind: 'conflict' });
    const mark = await auditEventCount(db);
    await withTransaction(db, (trx) => deactivateMeasurement(trx, testActor, task.id, m.id, 2));
    expect(await listMeasurements(db.kysely, task.id)).toEqual([]);
    const row = await db.kysely
      .selectFrom('reading_measurement')
      .select('active')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.active)).toBe(0);
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'reading.measurement.delete', before: { active: true }, after: { active: false } },
    ]);
    await expect(
      withTransaction(db, (trx) => deactivateMeasurement(trx, testActor, task.id, m.id, 3)),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('reads the default settings, then changes them at the current version, audited', async () => {
    expect(await getReadingSettings(db.kysely)).toEqual(DEFAULT_READING_SETTINGS);
    const changed = await withTransaction(db, (trx) =>
      updateReadingSettings(trx, testActor, {
        autoAssign: true,
        adjudicationRule: 'any_difference',
        version: 0,
      }),
    );
    expect(changed).toEqual({ autoAssign: true, adjudicationRule: 'any_difference', version: 1 });
    const mark = await auditEventCount(db);
    const back = await withTransaction(db, (trx) =>
      updateReadingSettings(trx, testActor, { ...DEFAULT_READING_SETTINGS, version: 1 }),
    );
    expect(back).toEqual({ ...DEFAULT_READING_SETTINGS, version: 2 });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'reading.settings.update', before: { autoAssign: true }, after: { autoAssign: false } },
    ]);
    await expect(
      withTransaction(db, (trx) =>
        updateReadingSettings(trx, testActor, { ...DEFAULT_READING_SETTINGS, version: 1 }),
      ),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });
});

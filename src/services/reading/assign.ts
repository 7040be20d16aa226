import { invalid, ManusError, type FieldIssue } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import {
  createExamReading,
  findExamReading,
  getReadingExam,
  updateExamReading,
  type ExamReading,
} from '../../db/repositories/reading/exam-readings.ts';
import { getReadingSettings } from '../../db/repositories/reading/settings.ts';
import { createTask, listTasks } from '../../db/repositories/reading/tasks.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';

/**
 * Assigning an exam's reading: two `read` tasks for two different radiologists and, optionally at first, a third
 * radiologist as adjudicator. A data manager assigns by hand; with the setting on, exams are assigned round-robin
 * when their images arrive.
 */

export interface Assignment {
  readers: [string, string];
  adjudicatorId?: string | undefined;
}

/** Active radiologists, by username: the readers one can assign, in round-robin order. */
export async function activeRadiologists(
  db: Database | Tx,
): Promise<{ id: string; username: string; displayName: string }[]> {
  const kysely = 'kysely' in db ? db.kysely : db;
  const rows = await kysely
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('role', '=', 'radiologist')
    .where('active', '=', 1)
    .orderBy('username')
    .execute();
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
}

async function checkPeople(trx: Tx, assignment: Assignment): Promise<void> {
  const radiologists = new Set((await activeRadiologists(trx)).map((r) => r.id));
  const people = [
    ...assignment.readers.map((id, i) => ({ id, path: `readers.${i}` })),
    ...(assignment.adjudicatorId ? [{ id: assignment.adjudicatorId, path: 'adjudicatorId' }] : []),
  ];
  const issues: FieldIssue[] = people
    .filter((p) => !radiologists.has(p.id))
    .map((p) => ({ path: p.path, code: 'invalid_option', message: 'must be an active radiologist' }));
  const seen = new Set<string>();
  for (const p of people) {
    if (seen.has(p.id))
      issues.push({
        path: p.path,
        code: 'not_unique',
        message: 'the two readers and the adjudicator must be three different radiologists',
      });
    seen.add(p.id);
  }
  if (issues.length > 0) throw invalid('The reading cannot be assigned to these radiologists', issues);
}

async function assignInTransaction(
  trx: Tx,
  actor: Actor,
  examId: string,
  assignment: Assignment,
): Promise<ExamReading> {
  await checkPeople(trx, assignment);
  const existing = await findExamReading(trx, examId);
  if (!existing) {
    for (const readerId of assignment.readers)
      await createTask(trx, actor, { examId, readerId, kind: 'read' });
    return createExamReading(trx, actor, { examId, adjudicatorId: assignment.adjudicatorId ?? null });
  }
  // Already assigned: only a missing adjudicator can still be named (reassigning reads would discard them).
  const readers = (await listTasks(trx, { examId, kind: 'read' })).map((t) => t.readerId).sort();
  if (
    readers.join() !== [...assignment.readers].sort().join() ||
    existing.adjudicatorId ||
    !assignment.adjudicatorId
  )
    throw new ManusError(
      'conflict',
      'This exam is already assigned: only a missing adjudicator can be added',
    );
  const updated = await updateExamReading(
    trx,
    actor,
    examId,
    existing.version,
    { adjudicatorId: assignment.adjudicatorId },
    { action: 'assign_adjudicator' },
  );
  if (updated.status === 'adjudication_needed')
    await createTask(trx, actor, { examId, readerId: assignment.adjudicatorId, kind: 'adjudication' });
  return updated;
}

export async function assignReading(
  db: Database,
  actor: Actor,
  examCode: string,
  assignment: Assignment,
): Promise<ExamReading> {
  const exam = await getReadingExam(db.kysely, { code: examCode });
  if (!exam.acquiredAt)
    throw invalid(`MRI exam ${examCode} is not acquired yet: there is nothing to read`, [
      { path: 'examCode', code: 'not_allowed', message: 'not acquired' },
    ]);
  return withTransaction(db, (trx) => assignInTransaction(trx, actor, exam.id, assignment));
}

/**
 * When an exam's images arrive and the setting is on, assigns its reading round-robin over the active
 * radiologists (by username): the n-th exam assigned this way starts at the n-th radiologist, so reads and
 * adjudications spread evenly. Needs two radiologists (three for an adjudicator); does nothing to an exam already
 * assigned. Returns the reading assigned, or null.
 */
export async function autoAssignOnImages(
  db: Database,
  actor: Actor,
  examId: string,
): Promise<ExamReading | null> {
  const settings = await getReadingSettings(db.kysely);
  if (!settings.autoAssign) return null;
  const exam = await getReadingExam(db.kysely, { id: examId });
  if (!exam.acquiredAt) return null;
  return withTransaction(db, async (trx) => {
    if (await findExamReading(trx, examId)) return null;
    const radiologists = await activeRadiologists(trx);
    if (radiologists.length < 2) return null;
    const assigned = await trx
      .selectFrom('exam_reading')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const start = Number(assigned.n) % radiologists.length;
    const pick = (offset: number) => radiologists[(start + offset) % radiologists.length]!.id;
    return assignInTransaction(trx, actor, examId, {
      readers: [pick(0), pick(1)],
      adjudicatorId: radiologists.length >= 3 ? pick(2) : undefined,
    });
  });
}

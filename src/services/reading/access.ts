import { notFound } from '../../core/errors.ts';
import type { ReadingScope } from '../../core/reading/findings.ts';
import type { ReadingActor, ReadingTask } from '../../core/reading/task-state.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { listDicomSeriesUids } from '../../db/repositories/imaging/series.ts';
import { getReadingExam, type ReadingExam } from '../../db/repositories/reading/exam-readings.ts';
import { findTask, type StoredTask } from '../../db/repositories/reading/tasks.ts';

/**
 * `reading.perform` is task-scoped: a radiologist reaches a task (its form, its measurements, its images) only when
 * it is theirs. Anyone else's task answers 404, as if it did not exist, so task ids reveal nothing.
 */
export async function ownTask(db: Database, actor: Actor, taskId: string): Promise<StoredTask> {
  const task = await findTask(db.kysely, taskId);
  if (!task || task.readerId !== actor.userId) throw notFound(`Reading task ${taskId}`);
  return task;
}

/**
 * The actor as the state machines (src/core/reading/task-state.ts) name them: in the task machine the one who holds
 * a task is its reader, the adjudicator included; in the exam machine the adjudicator acts as such.
 */
export const taskActor = (actor: Actor): ReadingActor => ({ role: 'reader', userId: actor.userId });
export const adjudicatorOf = (actor: Actor): ReadingActor => ({ role: 'adjudicator', userId: actor.userId });
export const asMachineTask = (task: StoredTask): ReadingTask => ({
  state: task.status,
  readerId: task.readerId,
});

export const systemActor: ReadingActor = { role: 'system', userId: null };
export const dataManagerOf = (actor: Actor): ReadingActor => ({ role: 'data_manager', userId: actor.userId });

/** What a reading of the exam covers: its hands and its DICOM series. */
export async function scopeOf(
  db: Database,
  examId: string,
): Promise<{ exam: ReadingExam; scope: ReadingScope }> {
  const exam = await getReadingExam(db.kysely, { id: examId });
  return { exam, scope: { hands: exam.hands, seriesUids: await listDicomSeriesUids(db.kysely, examId) } };
}

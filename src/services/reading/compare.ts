import type { Kysely } from 'kysely';
import { agreedReading, disagreements } from '../../core/reading/consensus.ts';
import type { Reading } from '../../core/reading/findings.ts';
import { examTransition } from '../../core/reading/task-state.ts';
import type { Actor } from '../../db/actor.ts';
import {
  getExamReading,
  updateExamReading,
  type ExamReading,
} from '../../db/repositories/reading/exam-readings.ts';
import { getReadingSettings } from '../../db/repositories/reading/settings.ts';
import { createTask, listTasks, type StoredTask } from '../../db/repositories/reading/tasks.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { asMachineTask, systemActor } from './access.ts';
import type { Clock } from './clock.ts';

/**
 * The exam's two reads, in the order the adjudicator sees them as "Reader A" and "Reader B": by task id, a random
 * UUID, so that a label tells nothing about who read (not who was named first, which the round-robin rota decides,
 * nor who submitted first) and stays the same every time the exam is opened.
 */
export async function readsOf(db: Kysely<DB>, examId: string): Promise<StoredTask[]> {
  const reads = await listTasks(db, { examId, kind: 'read' });
  return reads.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

export const asReading = (task: StoredTask): Reading => ({
  findings: task.findings,
  comments: task.comments,
});

/** Moves an agreed or adjudicated exam to final with the reading the analysis uses. */
export async function finalize(
  trx: Tx,
  actor: Actor,
  examReading: ExamReading,
  reading: Reading,
  kind: 'agreed' | 'consensus',
  clock: Clock,
): Promise<ExamReading> {
  const status = examTransition(examReading.status, 'finalize', systemActor, { tasks: [] });
  return updateExamReading(
    trx,
    actor,
    examReading.examId,
    examReading.version,
    { status, final: { ...reading, kind }, finalizedAt: clock().toISOString() },
    { action: 'finalize' },
  );
}

/**
 * Once both reads are submitted, compares them under the study's adjudication rule: agreeing reads make the
 * agreed reading, final at once; otherwise the exam needs adjudication and its adjudicator (if named) gets the task.
 */
export async function compareIfBothSubmitted(
  trx: Tx,
  actor: Actor,
  examId: string,
  clock: Clock,
): Promise<ExamReading> {
  const examReading = await getExamReading(trx, examId);
  const reads = await readsOf(trx, examId);
  if (reads.length !== 2 || reads.some((t) => t.status !== 'submitted')) return examReading;
  const [a, b] = reads.map(asReading) as [Reading, Reading];
  const { adjudicationRule } = await getReadingSettings(trx);
  const disputed = disagreements(a, b, adjudicationRule);
  const status = examTransition(examReading.status, 'compare', systemActor, {
    tasks: reads.map(asMachineTask),
    disagreements: disputed.length,
  });
  const compared = await updateExamReading(
    trx,
    actor,
    examId,
    examReading.version,
    { status },
    { action: 'compare' },
  );
  if (status === 'agreed')
    return finalize(trx, actor, compared, agreedReading(a, b, adjudicationRule), 'agreed', clock);
  const adjudicatorId = compared.adjudicatorId;
  if (adjudicatorId && (await listTasks(trx, { examId, kind: 'adjudication' })).length === 0)
    await createTask(trx, actor, { examId, readerId: adjudicatorId, kind: 'adjudication' });
  return compared;
}

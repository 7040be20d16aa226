import { ManusError } from '../../core/errors.ts';
import { examTransition, taskTransition } from '../../core/reading/task-state.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { getExamReading, updateExamReading } from '../../db/repositories/reading/exam-readings.ts';
import { getTask, updateTask, type StoredTask } from '../../db/repositories/reading/tasks.ts';
import { withTransaction } from '../../db/transaction.ts';
import { asMachineTask, dataManagerOf } from './access.ts';
import { readsOf } from './compare.ts';

/**
 * A data manager reopens a submitted read for correction, with a reason (never once the exam is final); an exam
 * already compared goes back to awaiting its reads, with the same reason.
 */
export async function unlockRead(
  db: Database,
  actor: Actor,
  taskId: string,
  input: { version: number; reason: string },
): Promise<StoredTask> {
  return withTransaction(db, async (trx) => {
    const task = await getTask(trx, taskId);
    if (task.kind !== 'read') throw new ManusError('conflict', 'Only a read can be unlocked');
    const examReading = await getExamReading(trx, task.examId);
    const by = dataManagerOf(actor);
    const status = taskTransition(asMachineTask(task), 'unlock', by, {
      examState: examReading.status,
      reason: input.reason,
    });
    const reason = input.reason.trim();
    const unlocked = await updateTask(
      trx,
      actor,
      task,
      input.version,
      { status, submittedAt: null },
      { action: 'unlock', reason },
    );
    if (examReading.status !== 'awaiting_reads') {
      const reopened = examTransition(examReading.status, 'reopen', by, {
        tasks: (await readsOf(trx, task.examId)).map(asMachineTask),
        reason,
      });
      await updateExamReading(
        trx,
        actor,
        task.examId,
        examReading.version,
        { status: reopened },
        { action: 'reopen', reason },
      );
    }
    return unlocked;
  });
}

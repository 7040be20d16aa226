import { ManusError } from '../../core/errors.ts';
import { consensusReading, type AdjudicatorChoice } from '../../core/reading/consensus.ts';
import type { Reading } from '../../core/reading/findings.ts';
import { examTransition, taskTransition } from '../../core/reading/task-state.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { getExamReading, updateExamReading } from '../../db/repositories/reading/exam-readings.ts';
import { getReadingSettings } from '../../db/repositories/reading/settings.ts';
import { updateTask, type StoredTask } from '../../db/repositories/reading/tasks.ts';
import { withTransaction } from '../../db/transaction.ts';
import { requireSignaturePassword } from '../signature.ts';
import { adjudicatorOf, asMachineTask, ownTask, taskActor } from './access.ts';
import { systemClock, type Clock } from './clock.ts';
import { asReading, finalize, readsOf } from './compare.ts';

/**
 * The adjudicator's consensus, e-signed: a choice for every disagreement (and no other), the agreed fields carried
 * over; the exam goes adjudicated → final with the consensus reading.
 */
export async function adjudicate(
  db: Database,
  actor: Actor,
  taskId: string,
  input: { version: number; password: string; choices: readonly AdjudicatorChoice[] },
  clock: Clock = systemClock,
): Promise<StoredTask> {
  const task = await ownTask(db, actor, taskId);
  if (task.kind !== 'adjudication')
    throw new ManusError('conflict', 'Only an adjudication task is adjudicated');
  const examReading = await getExamReading(db.kysely, task.examId);
  const reads = await readsOf(db.kysely, task.examId);
  const [a, b] = reads.map(asReading) as [Reading, Reading];
  const { adjudicationRule } = await getReadingSettings(db.kysely);
  const consensus = consensusReading(a, b, input.choices, {
    rule: adjudicationRule,
    comments: task.comments,
  });
  const examState = examTransition(examReading.status, 'adjudicate', adjudicatorOf(actor), {
    tasks: reads.map(asMachineTask),
  });
  await requireSignaturePassword(db, actor, input.password, {
    action: 'reading.sign_failed',
    reason: `wrong password adjudicating reading task ${taskId}`,
    message: 'The password does not match: the adjudication was not recorded',
  });
  return withTransaction(db, async (trx) => {
    let machineTask = asMachineTask(task);
    const now = clock().toISOString();
    if (task.status === 'assigned') {
      const started = taskTransition(machineTask, 'start', taskActor(actor), {
        examState: examReading.status,
      });
      machineTask = { ...machineTask, state: started };
    }
    const status = taskTransition(machineTask, 'submit', taskActor(actor), { examState: examReading.status });
    const submitted = await updateTask(
      trx,
      actor,
      task,
      input.version,
      {
        status,
        findings: input.choices.map(({ site, item, value }) => ({ site, item, value })),
        submittedAt: now,
        ...(task.startedAt ? {} : { startedAt: now }),
      },
      { action: 'adjudicate' },
    );
    const adjudicated = await updateExamReading(
      trx,
      actor,
      task.examId,
      examReading.version,
      { status: examState },
      { action: 'adjudicate' },
    );
    await finalize(trx, actor, adjudicated, consensus, 'consensus', clock);
    return submitted;
  });
}

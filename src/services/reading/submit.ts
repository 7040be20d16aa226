import { invalid, ManusError } from '../../core/errors.ts';
import { findingKey, missingFindings, validateFindings } from '../../core/reading/findings.ts';
import { taskTransition } from '../../core/reading/task-state.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { getExamReading } from '../../db/repositories/reading/exam-readings.ts';
import { updateTask, type StoredTask } from '../../db/repositories/reading/tasks.ts';
import { withTransaction } from '../../db/transaction.ts';
import { requireSignaturePassword } from '../signature.ts';
import { asMachineTask, ownTask, scopeOf, taskActor } from './access.ts';
import { systemClock, type Clock } from './clock.ts';
import { asReading, compareIfBothSubmitted } from './compare.ts';

/**
 * Submits a read with the reader's e-signature: the reading must be valid and complete (422 naming every missing
 * field as `<item>@<site>`), the password re-entered; the task is then locked and, when it is the second read, the
 * two are compared.
 */
export async function submitRead(
  db: Database,
  actor: Actor,
  taskId: string,
  input: { version: number; password: string },
  clock: Clock = systemClock,
): Promise<StoredTask> {
  const task = await ownTask(db, actor, taskId);
  if (task.kind !== 'read')
    throw new ManusError('conflict', 'An adjudication is recorded with adjudicate, not submit');
  const { exam, scope } = await scopeOf(db, task.examId);
  const reading = asReading(task);
  const issues = validateFindings(reading, scope);
  if (issues.length > 0)
    throw invalid(
      'Some findings are not valid',
      issues.map(({ path, code, message }) => ({ path, code, message })),
    );
  const missing = missingFindings(reading, scope);
  if (missing.length > 0)
    throw invalid(
      `The reading is incomplete: ${missing.length} field(s) are missing`,
      missing.map(({ site, item }) => ({
        path: findingKey(site, item),
        code: 'required',
        message: 'required',
      })),
    );
  await requireSignaturePassword(db, actor, input.password, {
    action: 'reading.sign_failed',
    reason: `wrong password submitting the reading of ${exam.examCode}`,
    message: 'The password does not match: the reading was not submitted',
  });
  return withTransaction(db, async (trx) => {
    const examReading = await getExamReading(trx, task.examId);
    const status = taskTransition(asMachineTask(task), 'submit', taskActor(actor), {
      examState: examReading.status,
    });
    const submitted = await updateTask(
      trx,
      actor,
      task,
      input.version,
      { status, submittedAt: clock().toISOString() },
      { action: 'submit' },
    );
    await compareIfBothSubmitted(trx, actor, task.examId, clock);
    return submitted;
  });
}

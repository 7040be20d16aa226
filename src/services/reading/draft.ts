import { invalid, ManusError } from '../../core/errors.ts';
import { validateFindings, type Finding, type UncheckedFinding } from '../../core/reading/findings.ts';
import { taskTransition } from '../../core/reading/task-state.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { findExamReading } from '../../db/repositories/reading/exam-readings.ts';
import { updateTask, type StoredTask } from '../../db/repositories/reading/tasks.ts';
import { withTransaction } from '../../db/transaction.ts';
import { asMachineTask, ownTask, scopeOf, taskActor } from './access.ts';
import { systemClock, type Clock } from './clock.ts';

export interface DraftInput {
  version: number;
  findings: readonly UncheckedFinding[];
  comments: string;
}

/**
 * Autosaves the reader's draft: partial findings are allowed, but each value must be valid (field issues
 * `findings.<i>`). The first save starts the task (assigned → in_progress); a submitted reading is locked.
 */
export async function saveDraft(
  db: Database,
  actor: Actor,
  taskId: string,
  input: DraftInput,
  clock: Clock = systemClock,
): Promise<StoredTask> {
  const task = await ownTask(db, actor, taskId);
  if (task.status === 'submitted')
    throw new ManusError('conflict', 'This reading is submitted and locked: a data manager can unlock it');
  const { scope } = await scopeOf(db, task.examId);
  const issues = validateFindings({ findings: input.findings }, scope);
  if (issues.length > 0)
    throw invalid(
      'Some findings are not valid',
      issues.map(({ path, code, message }) => ({ path, code, message })),
    );
  // Only the first save starts the task, and only starting needs the exam's reading state.
  const status =
    task.status === 'assigned'
      ? taskTransition(asMachineTask(task), 'start', taskActor(actor), {
          examState: (await findExamReading(db.kysely, task.examId))?.status ?? 'awaiting_reads',
        })
      : task.status;
  return withTransaction(db, (trx) =>
    updateTask(
      trx,
      actor,
      task,
      input.version,
      {
        status,
        findings: input.findings as Finding[],
        comments: input.comments,
        ...(task.status === 'assigned' ? { startedAt: clock().toISOString() } : {}),
      },
      { action: 'draft', changesOnly: true },
    ),
  );
}

import { invalid, ManusError } from '../../core/errors.ts';
import { applyDraftPatch, type DraftPatch } from '../../core/reading/draft-patch.ts';
import {
  validateFindings,
  type Finding,
  type FindingIssue,
  type UncheckedFinding,
} from '../../core/reading/findings.ts';
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
 * Autosaves the reader's whole draft, replacing the stored one: partial findings are allowed, but each value must
 * be valid (field issues `findings.<i>`). The first save starts the task (assigned → in_progress); a submitted
 * reading is locked.
 */
export async function saveDraft(
  db: Database,
  actor: Actor,
  taskId: string,
  input: DraftInput,
  clock: Clock = systemClock,
): Promise<StoredTask> {
  const task = await ownTask(db, actor, taskId);
  assertOpen(task);
  const { scope } = await scopeOf(db, task.examId);
  refuseIssues(validateFindings({ findings: input.findings }, scope));
  return storeDraft(db, actor, task, input.version, input.findings, input.comments, clock);
}

/**
 * Autosaves what changed in the reader's draft (src/core/reading/draft-patch.ts): the workstation's autosave. The
 * draft it makes is checked as a whole, as `saveDraft` checks one; the rest is the same.
 */
export async function patchDraft(
  db: Database,
  actor: Actor,
  taskId: string,
  input: DraftPatch<UncheckedFinding> & { version: number },
  clock: Clock = systemClock,
): Promise<StoredTask> {
  const task = await ownTask(db, actor, taskId);
  assertOpen(task);
  const { scope } = await scopeOf(db, task.examId);
  const { findings, issues } = applyDraftPatch(task.findings, input, scope);
  refuseIssues(issues);
  return storeDraft(db, actor, task, input.version, findings, input.comments ?? task.comments, clock);
}

function assertOpen(task: StoredTask) {
  if (task.status === 'submitted')
    throw new ManusError('conflict', 'This reading is submitted and locked: a data manager can unlock it');
}

function refuseIssues(issues: FindingIssue[]) {
  if (issues.length > 0)
    throw invalid(
      'Some findings are not valid',
      issues.map(({ path, code, message }) => ({ path, code, message })),
    );
}

/** Stores a checked draft at the version the reader sent, audited with what changed. */
async function storeDraft(
  db: Database,
  actor: Actor,
  task: StoredTask,
  version: number,
  findings: readonly UncheckedFinding[],
  comments: string,
  clock: Clock,
): Promise<StoredTask> {
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
      version,
      {
        status,
        findings: findings as Finding[],
        comments,
        ...(task.status === 'assigned' ? { startedAt: clock().toISOString() } : {}),
      },
      { action: 'draft', changesOnly: true },
    ),
  );
}

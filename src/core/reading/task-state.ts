/**
 * The reading workflow as two state machines, pure: each function checks who acts and from which state, and returns
 * the next state or throws a ManusError saying why not. The services persist and audit the result.
 *
 * A reading task (one radiologist's read): assigned → in_progress → submitted; a submitted read is locked, and only
 * an unlock with a reason (submitted → in_progress) reopens it for correction.
 *
 * An exam's reading status (after GaelO's Not Done → Ongoing → Wait Adjudication → Done):
 * awaiting_reads → agreed → final when the two reads agree under the adjudication rule, or
 * awaiting_reads → adjudication_needed → adjudicated → final when they do not. Unlocking a read sends the exam back
 * to awaiting_reads. `final` is the reading the analysis uses; it is not reopened.
 */
import { ManusError } from '../errors.ts';
import type { LocalizedText } from '../study/protocol.ts';

/** A radiologist's independent read, or the adjudicator's consensus. */
export const TASK_KINDS = ['read', 'adjudication'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATES = ['assigned', 'in_progress', 'submitted'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const EXAM_READING_STATES = [
  'awaiting_reads',
  'adjudication_needed',
  'adjudicated',
  'agreed',
  'final',
] as const;
export type ExamReadingState = (typeof EXAM_READING_STATES)[number];

/** How a final reading was reached: the two reads agreed, or the adjudicator's consensus settled it. */
export type FinalKind = 'agreed' | 'consensus';

export const FINAL_KIND_LABELS: Readonly<Record<FinalKind, LocalizedText>> = {
  agreed: { en: 'Readers agreed', fr: 'Lecteurs concordants' },
  consensus: { en: 'Adjudicated consensus', fr: 'Consensus après arbitrage' },
};

/** `system` is the server acting on its own (comparing the reads when the second is submitted, finalising). */
export type ReadingActorRole = 'reader' | 'adjudicator' | 'data_manager' | 'system';

export interface ReadingActor {
  role: ReadingActorRole;
  /** The user id; null for the system. */
  userId: string | null;
}

export interface ReadingTask {
  state: TaskState;
  readerId: string;
}

export type TaskAction = 'start' | 'submit' | 'unlock';
export type ExamAction = 'compare' | 'adjudicate' | 'finalize' | 'reopen';

interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  roles: readonly ReadingActorRole[];
}

/** Who may do what, from where: the whole task machine. */
export const TASK_TRANSITIONS: Readonly<Record<TaskAction, Transition<TaskState>>> = {
  start: { from: ['assigned'], to: 'in_progress', roles: ['reader'] },
  submit: { from: ['in_progress'], to: 'submitted', roles: ['reader'] },
  unlock: { from: ['submitted'], to: 'in_progress', roles: ['data_manager'] },
};

/**
 * The whole exam machine. `compare` goes to agreed or adjudication_needed depending on the reads (the first listed
 * target is for agreement); `reopen` follows the unlock of one of the exam's reads.
 */
export const EXAM_TRANSITIONS: Readonly<
  Record<
    ExamAction,
    { from: readonly ExamReadingState[]; to: readonly ExamReadingState[]; roles: readonly ReadingActorRole[] }
  >
> = {
  compare: { from: ['awaiting_reads'], to: ['agreed', 'adjudication_needed'], roles: ['system'] },
  adjudicate: { from: ['adjudication_needed'], to: ['adjudicated'], roles: ['adjudicator'] },
  finalize: { from: ['agreed', 'adjudicated'], to: ['final'], roles: ['system', 'data_manager'] },
  reopen: {
    from: ['agreed', 'adjudication_needed', 'adjudicated'],
    to: ['awaiting_reads'],
    roles: ['data_manager'],
  },
};

const conflict = (message: string) => new ManusError('conflict', message);
const forbidden = (message: string) => new ManusError('forbidden', message);

function requireRole<S extends string>(
  action: string,
  transition: { from: readonly S[]; roles: readonly ReadingActorRole[] },
  state: S,
  actor: ReadingActor,
): void {
  if (!transition.roles.includes(actor.role))
    throw forbidden(`A ${actor.role} cannot ${action}: only ${transition.roles.join(' or ')}`);
  if (!transition.from.includes(state))
    throw conflict(`Cannot ${action} from ${state}: only from ${transition.from.join(' or ')}`);
}

const requireReason = (reason: string | undefined): string => {
  const trimmed = reason?.trim() ?? '';
  if (!trimmed)
    throw new ManusError('invalid', 'A reason is required', [
      { path: 'reason', code: 'required', message: 'required' },
    ]);
  return trimmed;
};

/**
 * The task's next state. Starting and submitting are the assigned reader's alone; unlocking is a data manager's,
 * with a reason, and not once the exam's reading is final.
 */
export function taskTransition(
  task: ReadingTask,
  action: TaskAction,
  actor: ReadingActor,
  context: { examState: ExamReadingState; reason?: string },
): TaskState {
  const transition = TASK_TRANSITIONS[action];
  requireRole(action, transition, task.state, actor);
  if (actor.role === 'reader' && actor.userId !== task.readerId)
    throw forbidden(`Only the assigned reader can ${action} this reading`);
  if (action === 'unlock') {
    requireReason(context.reason);
    if (context.examState === 'final')
      throw conflict('The exam reading is final: its reads cannot be unlocked');
  }
  return transition.to;
}

/**
 * The exam's next state. `compare` needs both reads submitted and says whether they disagree; the adjudicator must
 * not be one of the exam's readers; `reopen` needs a reason.
 */
export function examTransition(
  state: ExamReadingState,
  action: ExamAction,
  actor: ReadingActor,
  context: { tasks: readonly ReadingTask[]; disagreements?: number; reason?: string },
): ExamReadingState {
  const transition = EXAM_TRANSITIONS[action];
  requireRole(action, transition, state, actor);
  switch (action) {
    case 'compare': {
      if (context.tasks.length !== 2 || context.tasks.some((t) => t.state !== 'submitted'))
        throw conflict('The reads can be compared only when both are submitted');
      if (context.disagreements === undefined)
        throw new ManusError('invalid', 'Comparing needs the number of disagreements');
      return context.disagreements > 0 ? 'adjudication_needed' : 'agreed';
    }
    case 'adjudicate':
      if (context.tasks.some((t) => t.readerId === actor.userId))
        throw forbidden('The adjudicator must be a third radiologist, not one of the readers');
      return 'adjudicated';
    case 'reopen':
      requireReason(context.reason);
      return 'awaiting_reads';
    case 'finalize':
      return 'final';
  }
}

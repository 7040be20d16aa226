import { describe, expect, it } from 'vitest';
import { ManusError } from '../errors.ts';
import {
  EXAM_READING_STATES,
  examTransition,
  TASK_STATES,
  taskTransition,
  type ExamAction,
  type ReadingActor,
  type ReadingActorRole,
  type ReadingTask,
  type TaskAction,
} from './task-state.ts';

const ROLES: ReadingActorRole[] = ['reader', 'adjudicator', 'data_manager', 'system'];
const actor = (role: ReadingActorRole): ReadingActor => ({
  role,
  userId: role === 'system' ? null : role === 'reader' ? 'r1' : `${role}-1`,
});
const outcome = (run: () => string): string => {
  try {
    return run();
  } catch (e) {
    return e instanceof ManusError ? `${e.kind}` : 'crash';
  }
};

describe('reading task state machine', () => {
  // Every (state, action, role) allowed, by hand; everything else is refused.
  const ALLOWED: Record<string, string> = {
    'assigned start reader': 'in_progress',
    'in_progress submit reader': 'submitted',
    'submitted unlock data_manager': 'in_progress',
  };
  const actions: TaskAction[] = ['start', 'submit', 'unlock'];

  it('allows exactly the listed transitions, to exactly the listed roles', () => {
    for (const state of TASK_STATES)
      for (const action of actions)
        for (const role of ROLES) {
          const result = outcome(() =>
            taskTransition({ state, readerId: 'r1' }, action, actor(role), {
              examState: 'awaiting_reads',
              reason: 'typo in MCP2',
            }),
          );
          const expected = ALLOWED[`${state} ${action} ${role}`];
          if (expected) expect(result, `${state} ${action} ${role}`).toBe(expected);
          else expect(['forbidden', 'conflict'], `${state} ${action} ${role}`).toContain(result);
        }
  });

  it('says forbidden for the wrong role and conflict for the wrong state', () => {
    const task: ReadingTask = { state: 'assigned', readerId: 'r1' };
    expect(
      outcome(() => taskTransition(task, 'start', actor('adjudicator'), { examState: 'awaiting_reads' })),
    ).toBe('forbidden');
    expect(
      outcome(() => taskTransition(task, 'submit', actor('reader'), { examState: 'awaiting_reads' })),
    ).toBe('conflict');
  });

  it('lets only the assigned reader work on a read', () => {
    const other: ReadingActor = { role: 'reader', userId: 'r2' };
    expect(() =>
      taskTransition({ state: 'assigned', readerId: 'r1' }, 'start', other, { examState: 'awaiting_reads' }),
    ).toThrow(/assigned reader/);
  });

  it('unlocks only with a reason, and never once the exam reading is final', () => {
    const task: ReadingTask = { state: 'submitted', readerId: 'r1' };
    const dm = actor('data_manager');
    expect(() => taskTransition(task, 'unlock', dm, { examState: 'agreed', reason: '  ' })).toThrow(/reason/);
    expect(() => taskTransition(task, 'unlock', dm, { examState: 'agreed' })).toThrow(/reason/);
    expect(() => taskTransition(task, 'unlock', dm, { examState: 'final', reason: 'typo' })).toThrow(/final/);
    expect(taskTransition(task, 'unlock', dm, { examState: 'adjudication_needed', reason: 'typo' })).toBe(
      'in_progress',
    );
  });
});

describe('exam reading state machine', () => {
  const submitted: ReadingTask[] = [
    { state: 'submitted', readerId: 'r1' },
    { state: 'submitted', readerId: 'r2' },
  ];
  const ALLOWED: Record<string, string> = {
    'awaiting_reads compare system': 'agreed',
    'adjudication_needed adjudicate adjudicator': 'adjudicated',
    'agreed finalize system': 'final',
    'agreed finalize data_manager': 'final',
    'adjudicated finalize system': 'final',
    'adjudicated finalize data_manager': 'final',
    'agreed reopen data_manager': 'awaiting_reads',
    'adjudication_needed reopen data_manager': 'awaiting_reads',
    'adjudicated reopen data_manager': 'awaiting_reads',
  };
  const actions: ExamAction[] = ['compare', 'adjudicate', 'finalize', 'reopen'];

  it('allows exactly the listed transitions, to exactly the listed roles; final is final', () => {
    for (const state of EXAM_READING_STATES)
      for (const action of actions)
        for (const role of ROLES) {
          const result = outcome(() =>
            examTransition(state, action, actor(role), { tasks: submitted, disagreements: 0, reason: 'why' }),
          );
          const expected = ALLOWED[`${state} ${action} ${role}`];
          if (expected) expect(result, `${state} ${action} ${role}`).toBe(expected);
          else expect(['forbidden', 'conflict'], `${state} ${action} ${role}`).toContain(result);
        }
  });

  it('compares two submitted reads: agreed without disagreement, adjudication needed with', () => {
    const system = actor('system');
    expect(examTransition('awaiting_reads', 'compare', system, { tasks: submitted, disagreements: 3 })).toBe(
      'adjudication_needed',
    );
    const oneOpen = [submitted[0] as ReadingTask, { state: 'in_progress' as const, readerId: 'r2' }];
    expect(() =>
      examTransition('awaiting_reads', 'compare', system, { tasks: oneOpen, disagreements: 0 }),
    ).toThrow(/both are submitted/);
    expect(() => examTransition('awaiting_reads', 'compare', system, { tasks: submitted })).toThrow(
      /disagreements/,
    );
  });

  it('needs a third radiologist to adjudicate and a reason to reopen', () => {
    expect(() =>
      examTransition(
        'adjudication_needed',
        'adjudicate',
        { role: 'adjudicator', userId: 'r2' },
        { tasks: submitted },
      ),
    ).toThrow(/third radiologist/);
    expect(() => examTransition('agreed', 'reopen', actor('data_manager'), { tasks: submitted })).toThrow(
      /reason/,
    );
  });
});

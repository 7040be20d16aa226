/**
 * The reading API as the web app sees it (/api/reading, contract in issue 11 §3–§6): the blinded reader side (worklist,
 * tasks, drafts, submission, adjudication) and the data-manager side (exams, assignment, unlock, settings, agreement).
 */
export type {
  AgreementReport,
  ExamOverview as ExamReadingRow,
  ExamReadRow,
  ExamsOverview as ExamReadingOverview,
  Reader,
  ReadingSettings,
  StoredMeasurement,
  TaskSeries,
  TaskView as ReadingTaskView,
  WorklistItem as ReadingWorklistItem,
} from '../../../src/core/api/reading-responses.ts';
export type { TaskKind } from '../../../src/core/reading/task-state.ts';

export const readingKeys = {
  all: ['reading'] as const,
  worklist: ['reading', 'worklist'] as const,
  task: (taskId: string) => ['reading', 'task', taskId] as const,
  exams: ['reading', 'exams'] as const,
  readers: ['reading', 'readers'] as const,
  settings: ['reading', 'settings'] as const,
  agreement: ['reading', 'agreement'] as const,
};

export const taskUrl = (taskId: string) => `/api/reading/tasks/${encodeURIComponent(taskId)}`;

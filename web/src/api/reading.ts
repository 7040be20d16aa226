/**
 * The reading API as the web app sees it (/api/reading, contract in issue 11 §3–§6): the blinded reader side (worklist,
 * tasks, drafts, submission, adjudication) and the data-manager side (exams, assignment, unlock, settings, agreement).
 */
import type { Finding } from '../../../src/core/reading/findings.ts';
import type { AdjudicationRule, Disagreement } from '../../../src/core/reading/consensus.ts';
import type { ItemAgreement, SiteAgreement } from '../../../src/core/reading/agreement.ts';
import type { ExamReadingState, TaskState } from '../../../src/core/reading/task-state.ts';
import type { ItemId } from '../../../src/core/reading/items.ts';
import type { Hands } from '../../../src/core/study/protocol.ts';

export type TaskKind = 'read' | 'adjudication';

export interface ReadingWorklistItem {
  taskId: string;
  examCode: string;
  kind: TaskKind;
  status: TaskState;
  hands: Hands;
  acquiredAt: string | null;
  readingDueAt: string | null;
  overdue: boolean;
  dueWithin48h: boolean;
}

export interface TaskSeries {
  studyUid: string;
  seriesUid: string;
  description: string | null;
  nucleus: '1H' | '23Na' | null;
  modality: string | null;
  frames: number;
  frameOfReferenceUid: string | null;
}

export interface ReadingTaskView {
  taskId: string;
  examCode: string;
  kind: TaskKind;
  status: TaskState;
  version: number;
  hands: Hands;
  acquiredAt: string | null;
  readingDueAt: string | null;
  series: TaskSeries[];
  reading: { findings: Finding[]; comments: string };
  missing: { site: string; item: ItemId }[];
  adjudication?: {
    reads: { label: 'A' | 'B'; findings: Finding[]; comments: string }[];
    disagreements: Disagreement[];
  };
}

export interface ExamReadRow {
  taskId: string;
  reader: string;
  status: TaskState;
  submittedAt: string | null;
  version: number;
}

export interface ExamReadingRow {
  examCode: string;
  participant: string;
  acquiredAt: string | null;
  readingDueAt: string | null;
  status: ExamReadingState | 'unassigned';
  reads: ExamReadRow[];
  adjudicator: string | null;
  finalizedAt: string | null;
  hoursToFinal: number | null;
  overdue: boolean;
}

export interface ExamReadingOverview {
  items: ExamReadingRow[];
  summary: { pending: number; dueWithin48h: number; overdue: number; final: number };
}

export interface Reader {
  id: string;
  username: string;
  displayName: string;
}

export interface ReadingSettings {
  autoAssign: boolean;
  adjudicationRule: AdjudicationRule;
  version: number;
}

export interface AgreementReport {
  items: ItemAgreement[];
  sites?: SiteAgreement[];
}

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

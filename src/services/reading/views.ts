import type {
  ExamOverview,
  ExamsOverview,
  TaskSeries,
  TaskView,
  WorklistItem,
} from '../../core/api/reading-responses.ts';
import { disagreements } from '../../core/reading/consensus.ts';
import { deriveParticipant } from '../../core/reading/derive.ts';
import { missingFindings } from '../../core/reading/findings.ts';
import { isDueWithin, isReadingOverdue, readingDueAt } from '../../core/study/reading-deadline.ts';
import type { StudyProtocol } from '../../core/study/protocol.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { findInstances } from '../../db/repositories/imaging/qido.ts';
import { listExamSeries } from '../../db/repositories/imaging/series.ts';
import {
  findExamReading,
  getReadingExam,
  listAcquiredExams,
  listExamReadings,
} from '../../db/repositories/reading/exam-readings.ts';
import { getReadingSettings } from '../../db/repositories/reading/settings.ts';
import { listTasks } from '../../db/repositories/reading/tasks.ts';
import { getStudy } from '../../db/repositories/study.ts';
import { listUsers } from '../../db/repositories/users.ts';
import type { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { ownTask, scopeOf } from './access.ts';
import { systemClock, type Clock } from './clock.ts';
import { asReading, readsOf } from './compare.ts';

/**
 * What the reading API shows. A reader's views carry the blinded exam code, due date and status only, never the
 * participant, arm, identity, clinical data or the other reader's values (the adjudicator sees both reads on the
 * adjudication task); the data manager's overview names participants.
 */

const DUE_SOON_HOURS = 48;

interface Deadline {
  readingDueAt: string | null;
  overdue: boolean;
  dueWithin48h: boolean;
}

function deadlineOf(
  acquiredAt: string | null,
  status: string | undefined,
  protocol: StudyProtocol,
  now: Date,
): Deadline {
  if (!acquiredAt) return { readingDueAt: null, overdue: false, dueWithin48h: false };
  const clock = { acquiredAt, now, ...(status ? { status } : {}) };
  return {
    readingDueAt: readingDueAt(acquiredAt, protocol),
    overdue: isReadingOverdue(clock, protocol),
    dueWithin48h: isDueWithin(clock, DUE_SOON_HOURS, protocol),
  };
}

/**
 * The tasks a user works on, by due time: a radiologist's own (an adjudication task only while the exam awaits
 * it or once it is done), or every task for a data manager.
 */
export async function worklist(
  db: Database,
  actor: Actor,
  all: boolean,
  clock: Clock = systemClock,
): Promise<WorklistItem[]> {
  const { protocol } = await getStudy(db.kysely);
  const tasks = await listTasks(db.kysely, all ? {} : { readerId: actor.userId ?? '' });
  const now = clock();
  const items: WorklistItem[] = [];
  for (const task of tasks) {
    const exam = await getReadingExam(db.kysely, { id: task.examId });
    const examReading = await findExamReading(db.kysely, task.examId);
    if (
      task.kind === 'adjudication' &&
      task.status !== 'submitted' &&
      examReading?.status !== 'adjudication_needed'
    )
      continue;
    items.push({
      taskId: task.id,
      examCode: exam.examCode,
      kind: task.kind,
      status: task.status,
      hands: exam.hands,
      acquiredAt: exam.acquiredAt,
      ...deadlineOf(exam.acquiredAt, examReading?.status, protocol, now),
    });
  }
  return items.sort((x, y) => (x.readingDueAt ?? '').localeCompare(y.readingDueAt ?? ''));
}

const NUCLEI: Record<string, '1H' | '23Na'> = { '1H': '1H', '23NA': '23Na' };

const FRAME_OF_REFERENCE = '00200052';

/** One task as its reader opens it (404 for anyone else's). */
export async function taskView(
  db: Database,
  actor: Actor,
  taskId: string,
  images: StoredImages,
  clock: Clock = systemClock,
): Promise<TaskView> {
  const task = await ownTask(db, actor, taskId);
  const { exam, scope } = await scopeOf(db, task.examId);
  const { protocol } = await getStudy(db.kysely);
  const examReading = await findExamReading(db.kysely, task.examId);
  const series: TaskSeries[] = [];
  for (const s of await listExamSeries(db.kysely, task.examId)) {
    if (s.format !== 'dicom') continue;
    const [first] = await findInstances(db.kysely, {
      studyInstanceUid: s.studyInstanceUid,
      seriesInstanceUid: s.seriesInstanceUid,
      limit: 1,
    });
    const frameOfReference = first
      ? (await images.metadata(first, ''))[FRAME_OF_REFERENCE]?.Value?.[0]
      : undefined;
    series.push({
      studyUid: s.studyInstanceUid,
      seriesUid: s.seriesInstanceUid,
      description: s.seriesDescription,
      nucleus: (s.nucleus ? NUCLEI[s.nucleus] : undefined) ?? null,
      modality: s.modality,
      frames: s.frames,
      frameOfReferenceUid: typeof frameOfReference === 'string' ? frameOfReference : null,
    });
  }
  const reading = asReading(task);
  const view: TaskView = {
    taskId: task.id,
    examCode: exam.examCode,
    kind: task.kind,
    status: task.status,
    version: task.version,
    hands: exam.hands,
    acquiredAt: exam.acquiredAt,
    ...deadlineOf(exam.acquiredAt, examReading?.status, protocol, clock()),
    series,
    reading: { findings: [...reading.findings], comments: reading.comments },
    missing: task.kind === 'read' ? missingFindings(reading, scope) : [],
    derived: deriveParticipant(reading, exam.hands),
  };
  if (task.kind === 'adjudication') {
    const reads = (await readsOf(db.kysely, task.examId)).map(asReading);
    const { adjudicationRule } = await getReadingSettings(db.kysely);
    view.adjudication = {
      reads: reads.map((r, i) => ({
        label: i === 0 ? 'A' : 'B',
        findings: [...r.findings],
        comments: r.comments,
      })),
      disagreements: reads.length === 2 ? disagreements(reads[0]!, reads[1]!, adjudicationRule) : [],
    };
  }
  return view;
}

/** The data manager's overview of every acquired exam's reading, and the dashboard's counts. */
export async function examsOverview(db: Database, clock: Clock = systemClock): Promise<ExamsOverview> {
  const { protocol } = await getStudy(db.kysely);
  const usernames = new Map((await listUsers(db.kysely)).map((u) => [u.id, u.username]));
  const readings = new Map((await listExamReadings(db.kysely)).map((r) => [r.examId, r]));
  const now = clock();
  const summary = { pending: 0, dueWithin48h: 0, overdue: 0, final: 0 };
  const items: ExamOverview[] = [];
  for (const exam of await listAcquiredExams(db.kysely)) {
    const reading = readings.get(exam.id);
    const deadline = deadlineOf(exam.acquiredAt, reading?.status, protocol, now);
    const status = reading?.status ?? 'unassigned';
    if (status === 'final') summary.final += 1;
    else summary.pending += 1;
    if (deadline.overdue) summary.overdue += 1;
    if (deadline.dueWithin48h) summary.dueWithin48h += 1;
    const reads = reading ? await readsOf(db.kysely, exam.id) : [];
    items.push({
      examCode: exam.examCode,
      participant: exam.participantCode,
      acquiredAt: exam.acquiredAt,
      readingDueAt: deadline.readingDueAt,
      status,
      reads: reads.map((t) => ({
        taskId: t.id,
        reader: usernames.get(t.readerId) ?? t.readerId,
        status: t.status,
        submittedAt: t.submittedAt,
        version: t.version,
      })),
      adjudicator: reading?.adjudicatorId ? (usernames.get(reading.adjudicatorId) ?? null) : null,
      finalizedAt: reading?.finalizedAt ?? null,
      hoursToFinal:
        reading?.finalizedAt && exam.acquiredAt
          ? (Date.parse(reading.finalizedAt) - Date.parse(exam.acquiredAt)) / 3_600_000
          : null,
      overdue: deadline.overdue,
    });
  }
  return { items, summary };
}

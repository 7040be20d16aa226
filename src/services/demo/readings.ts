import { disagreements } from '../../core/reading/consensus.ts';
import { bulkNormal, type Finding, type Reading } from '../../core/reading/findings.ts';
import { readingItem } from '../../core/reading/items.ts';
import { createRandom } from '../../core/sodium/random.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import type { ReadingExam } from '../../db/repositories/reading/exam-readings.ts';
import { listTasks, type StoredTask } from '../../db/repositories/reading/tasks.ts';
import { adjudicate } from '../reading/adjudicate.ts';
import { assignReading } from '../reading/assign.ts';
import type { Clock } from '../reading/clock.ts';
import { saveDraft } from '../reading/draft.ts';
import { submitRead } from '../reading/submit.ts';
import { scopeOf } from '../reading/access.ts';

/**
 * The demo's readings, recorded through the reading services as radiologists and a data manager would (assignment,
 * drafts, e-signed submissions, comparison, adjudication), so their states, audit trail and final readings are real.
 * What the readers record is the participant's lesion set (./lesions.ts), the one drawn into the images; the second
 * reader sometimes grades a lesion lower (no adjudication needed) and, where the plan asks for adjudication, misses
 * a lesion or sees one that is not there; the adjudicator then chooses what the images show.
 */

export const DEMO_READING_STATES = [
  'unassigned',
  'assigned',
  'in_progress',
  'one_submitted',
  'adjudication_needed',
  'agreed',
  'consensus',
] as const;
export type DemoReadingState = (typeof DEMO_READING_STATES)[number];

/**
 * The most recent exams' states, newest first (their MRI 0.2, 1, 2, 3, 4, 5.5, 6, 6.5, 8, 9, 11 and 14 days ago:
 * RECENT_SCAN_DAYS of the demo seed): every state, some due within 48 h, some overdue. Older exams are final.
 */
const RECENT_STATES: readonly DemoReadingState[] = [
  'unassigned',
  'assigned',
  'in_progress',
  'one_submitted',
  'agreed',
  'assigned',
  'adjudication_needed',
  'in_progress',
  'one_submitted',
  'adjudication_needed',
  'consensus',
  'assigned',
];

/** The state of the exam `recency` places from the newest (0); one in three older exams needed adjudication. */
export function plannedState(recency: number): DemoReadingState {
  return RECENT_STATES[recency] ?? (recency % 3 === 0 ? 'consensus' : 'agreed');
}

/** One exam in eight is read late (a radiologist away): its reading is final after the 7-day deadline. */
export const readLate = (recency: number): boolean => recency % 8 === 5;

export interface DemoReader {
  actor: Actor;
  password: string;
}

interface ExamPlan {
  exam: ReadingExam;
  state: DemoReadingState;
  /** The findings the images show (lesionFindings of the exam's lesions). */
  truth: readonly Finding[];
  seed: number;
  /** Two readers and the adjudicator, three different radiologists. */
  readers: readonly [DemoReader, DemoReader, DemoReader];
  manager: Actor;
  /** The demo's present: no reading event is recorded after it. */
  now: Date;
  late: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When the radiologists of one exam did their work: the reads, then the final reading, days after the MRI. */
interface ReadingTimes {
  firstRead: Clock;
  secondRead: Clock;
  adjudication: Clock;
}

/**
 * A plausible timeline for an exam's reading, so that the dashboard's MRI-to-final times look like a study's: final
 * 1 to 6.5 days after the MRI, or 7.5 to 10.5 days when read late. Each event is clamped to the demo's present. A
 * read is submitted at its time; its draft was started 40 minutes before.
 */
function readingTimes(
  acquiredAt: string,
  seed: number,
  now: Date,
  options: { adjudicated: boolean; late: boolean },
): ReadingTimes {
  const random = createRandom(seed, 15);
  const finalDays = options.late ? 7.5 + 3 * random.uniform() : 1 + 5.5 * random.uniform();
  const at =
    (days: number): Clock =>
    () =>
      new Date(Math.min(Date.parse(acquiredAt) + days * DAY, now.getTime()));
  return {
    firstRead: at(finalDays * 0.45),
    secondRead: at(options.adjudicated ? finalDays * 0.75 : finalDays),
    adjudication: at(finalDays),
  };
}

const before =
  (clock: Clock, ms: number): Clock =>
  () =>
    new Date(clock().getTime() - ms);

/** A complete reading: the findings given, everything else normal, every series rated. */
function completeReading(
  findings: readonly Finding[],
  seriesUids: readonly string[],
  quality: string,
): Reading {
  const filled = bulkNormal(bulkNormal({ findings, comments: '' }, { side: 'R' }), { side: 'L' });
  return {
    ...filled,
    findings: [
      ...filled.findings,
      ...seriesUids.map((uid, i) => ({
        site: `series:${uid}`,
        item: 'image_quality' as const,
        value: i === seriesUids.length - 1 ? quality : 'diagnostic',
      })),
    ],
  };
}

/**
 * The second reader's findings: a lesion of grade 2 or more is sometimes graded one lower, an occluded artery
 * sometimes called thin (neither needs adjudication under the default rule); when `disagree`, one lesion is missed
 * or, on a normal exam, a grade-1 synovitis is seen where there is none.
 */
function secondReaderFindings(truth: readonly Finding[], seed: number, disagree: boolean): Finding[] {
  const random = createRandom(seed, 13);
  const findings = truth.map((f): Finding => {
    if (typeof f.value === 'number' && f.value >= 2 && random.uniform() < 0.4)
      return { ...f, value: f.value - 1 };
    if (f.item === 'artery_status' && f.value === 'occluded' && random.uniform() < 0.3)
      return { ...f, value: 'thin' };
    return f;
  });
  if (!disagree) return findings;
  const primary = findings.filter((f) => readingItem(f.item).primary);
  if (primary.length === 0) return [...findings, { site: 'L.PIP4', item: 'synovitis', value: 1 }];
  const missed = primary[Math.floor(random.uniform() * primary.length)]!;
  return findings.map((f) => (f === missed ? { ...f, value: 0 } : f));
}

/** A draft left half done: the lesions seen so far and the right hand's normal fields. */
const partial = (findings: readonly Finding[]): Finding[] =>
  bulkNormal({ findings: findings.filter((f) => f.site.startsWith('R.')), comments: '' }, { side: 'R' })
    .findings as Finding[];

async function taskOf(db: Database, examId: string, reader: DemoReader): Promise<StoredTask> {
  const tasks = await listTasks(db.kysely, { examId, readerId: reader.actor.userId ?? '' });
  return tasks[0]!;
}

async function draft(
  db: Database,
  reader: DemoReader,
  task: StoredTask,
  findings: readonly Finding[],
  clock: Clock,
) {
  return saveDraft(db, reader.actor, task.id, { version: task.version, findings, comments: '' }, clock);
}

async function submit(
  db: Database,
  reader: DemoReader,
  task: StoredTask,
  reading: Reading,
  clock: Clock,
): Promise<void> {
  const saved = await saveDraft(
    db,
    reader.actor,
    task.id,
    { version: task.version, ...reading },
    before(clock, 40 * 60_000),
  );
  await submitRead(db, reader.actor, task.id, { version: saved.version, password: reader.password }, clock);
}

/** Brings one exam's reading to its planned state. */
export async function readDemoExam(db: Database, plan: ExamPlan): Promise<void> {
  const { exam, state, truth, readers } = plan;
  if (state === 'unassigned') return;
  const [first, second, adjudicator] = readers;
  await assignReading(db, plan.manager, exam.examCode, {
    readers: [first.actor.userId!, second.actor.userId!],
    adjudicatorId: adjudicator.actor.userId!,
  });
  if (state === 'assigned') return;
  const { scope } = await scopeOf(db, exam.id);
  const quality = createRandom(plan.seed, 14).uniform() < 0.2 ? 'limited' : 'diagnostic';
  const readA = completeReading(truth, scope.seriesUids, 'diagnostic');
  const disagree = state === 'adjudication_needed' || state === 'consensus';
  const times = readingTimes(exam.acquiredAt!, plan.seed, plan.now, {
    adjudicated: disagree,
    late: plan.late,
  });
  const readB = completeReading(secondReaderFindings(truth, plan.seed, disagree), scope.seriesUids, quality);
  const taskA = await taskOf(db, exam.id, first);
  if (state === 'in_progress') {
    await draft(db, first, taskA, partial(truth), times.firstRead);
    return;
  }
  await submit(db, first, taskA, readA, times.firstRead);
  const taskB = await taskOf(db, exam.id, second);
  if (state === 'one_submitted') {
    await draft(db, second, taskB, partial(truth), times.secondRead);
    return;
  }
  await submit(db, second, taskB, readB, times.secondRead);
  if (state !== 'consensus') return;
  // The adjudicator chooses what the images show: the first read, which recorded the lesions as drawn.
  const task = await taskOf(db, exam.id, adjudicator);
  // Both reads are complete, so each disagreement has the first read's value.
  const choices = disagreements(readA, readB).map((d) => ({ site: d.site, item: d.item, value: d.a! }));
  await adjudicate(
    db,
    adjudicator.actor,
    task.id,
    { version: task.version, password: adjudicator.password, choices },
    times.adjudication,
  );
}

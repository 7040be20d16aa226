import type { Kysely } from 'kysely';
import type { Dashboard } from '../../core/api/study.ts';
import { PARTICIPANT_STATUSES, type ParticipantStatus } from '../../core/study/participant-status.ts';
import { isReadingOverdue } from '../../core/study/reading-deadline.ts';
import type { DB } from '../schema.ts';
import type { StudyRecord } from './study.ts';

/**
 * The study dashboard: recruitment by arm against its target, participants by status, acquired exams, readings
 * overdue at `now`, and data queries not closed yet.
 */
export async function studyDashboard(
  db: Kysely<DB>,
  study: StudyRecord,
  now = Date.now(),
): Promise<Dashboard> {
  const rows = await db
    .selectFrom('participant')
    .select([
      'arm',
      'status',
      (eb) => eb.fn.countAll().as('n'),
      (eb) => eb.fn.count('inclusion_date').as('enrolled'),
    ])
    .where('study_id', '=', study.id)
    .groupBy(['arm', 'status'])
    .execute();
  const byStatus = Object.fromEntries(PARTICIPANT_STATUSES.map((s) => [s, 0])) as Record<
    ParticipantStatus,
    number
  >;
  const byArm = study.protocol.arms.map((a) => ({
    arm: a.code,
    target: a.target,
    enrolled: 0,
    inScreening: 0,
    total: 0,
  }));
  for (const row of rows) {
    const n = Number(row.n);
    byStatus[row.status as ParticipantStatus] += n;
    const arm = byArm.find((a) => a.arm === row.arm);
    if (!arm) continue;
    arm.total += n;
    arm.enrolled += Number(row.enrolled);
    if (row.status === 'screening' || row.status === 'eligible') arm.inScreening += n;
  }
  const exams = await db
    .selectFrom('mri_exam')
    .leftJoin('exam_reading', 'exam_reading.exam_id', 'mri_exam.id')
    .select(['mri_exam.acquired_at', 'exam_reading.status as reading_status'])
    .where('mri_exam.acquired_at', 'is not', null)
    .execute();
  const openQueries = await db
    .selectFrom('form_query')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '!=', 'closed')
    .executeTakeFirstOrThrow();
  return {
    openQueries: Number(openQueries.n),
    targetEnrollment: study.protocol.targetEnrollment,
    enrolled: byArm.reduce((sum, a) => sum + a.enrolled, 0),
    byArm,
    byStatus,
    examsAcquired: exams.length,
    readingsOverdue: exams.filter((e) =>
      // Done when the exam's reading is final (the reading the analysis uses), not when the exam is marked complete.
      isReadingOverdue(
        { acquiredAt: e.acquired_at, status: e.reading_status ?? 'unassigned', now },
        study.protocol,
      ),
    ).length,
  };
}

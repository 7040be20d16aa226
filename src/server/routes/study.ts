import { PARTICIPANT_STATUSES, type ParticipantStatus } from '../../core/study/participant-status.ts';
import { isReadingOverdue } from '../../core/study/reading-deadline.ts';
import { findStudy, getStudy } from '../../db/repositories/study.ts';
import { MANUS_VERSION } from '../../version.ts';
import { defineRoute, type RouteDef } from '../route.ts';

export const studyRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/health',
    access: 'public',
    tag: 'system',
    summary: 'Liveness, version, and whether this is the synthetic demo',
    async handler({ db }) {
      const study = await findStudy(db.kysely);
      return { status: 'ok', version: MANUS_VERSION, demo: study?.synthetic ?? false };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/study',
    access: 'study.read',
    tag: 'study',
    summary: 'The protocol configuration (without arms, so that blinded readers may read it)',
    async handler({ db }) {
      const study = await getStudy(db.kysely);
      const p = study.protocol;
      return {
        nctId: p.nctId,
        title: p.title,
        sponsor: p.sponsor,
        site: { code: study.siteCode, name: study.siteName },
        targetEnrollment: p.targetEnrollment,
        readingDeadlineDays: p.readingDeadlineDays,
        visits: p.visits,
        demo: study.synthetic,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dashboard',
    access: 'dashboard.read',
    tag: 'study',
    summary: 'Recruitment by arm against target, status counts, exams and overdue readings',
    async handler({ db }) {
      const study = await getStudy(db.kysely);
      const rows = await db.kysely
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
      const exams = await db.kysely
        .selectFrom('mri_exam')
        .leftJoin('exam_reading', 'exam_reading.exam_id', 'mri_exam.id')
        .select(['mri_exam.acquired_at', 'exam_reading.status as reading_status'])
        .where('mri_exam.acquired_at', 'is not', null)
        .execute();
      const openQueries = await db.kysely
        .selectFrom('form_query')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '!=', 'closed')
        .executeTakeFirstOrThrow();
      const now = new Date();
      return {
        openQueries: Number(openQueries.n),
        targetEnrollment: study.protocol.targetEnrollment,
        enrolled: byArm.reduce((sum, a) => sum + a.enrolled, 0),
        byArm,
        byStatus,
        examsAcquired: exams.length,
        // A reading is done when the exam's reading is final (the analysis reading exists).
        readingsOverdue: exams.filter((e) =>
          isReadingOverdue(
            { acquiredAt: e.acquired_at!, status: e.reading_status ?? 'unassigned', now },
            study.protocol,
          ),
        ).length,
      };
    },
  }),
];

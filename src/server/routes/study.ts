import { z } from 'zod';
import { PARTICIPANT_STATUSES, type ParticipantStatus } from '../../core/study/participant-status.ts';
import { isReadingOverdue, readingDueAt } from '../../core/study/reading-deadline.ts';
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
        .select(['acquired_at', 'status'])
        .where('acquired_at', 'is not', null)
        .execute();
      const openQueries = await db.kysely
        .selectFrom('form_query')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '!=', 'closed')
        .executeTakeFirstOrThrow();
      const now = Date.now();
      return {
        openQueries: Number(openQueries.n),
        targetEnrollment: study.protocol.targetEnrollment,
        enrolled: byArm.reduce((sum, a) => sum + a.enrolled, 0),
        byArm,
        byStatus,
        examsAcquired: exams.length,
        readingsOverdue: exams.filter((e) =>
          isReadingOverdue({ acquiredAt: e.acquired_at, status: e.status, now }, study.protocol),
        ).length,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reading/worklist',
    access: 'reading.worklist',
    tag: 'reading',
    summary:
      'Blinded reading worklist: exam codes and due dates only, never participant, arm or clinical data',
    query: z.object({ include: z.enum(['open', 'all']).default('open') }),
    async handler({ db, query }) {
      const study = await getStudy(db.kysely);
      let q = db.kysely
        .selectFrom('mri_exam')
        .select(['exam_code', 'acquired_at', 'hands', 'scanner', 'status'])
        .where('acquired_at', 'is not', null);
      if (query.include === 'open') q = q.where('status', '!=', 'complete');
      const rows = await q.orderBy('acquired_at', 'asc').execute();
      const now = Date.now();
      return {
        items: rows.map((r) => {
          const due = readingDueAt(r.acquired_at!, study.protocol);
          return {
            examCode: r.exam_code,
            acquiredAt: r.acquired_at,
            hands: r.hands,
            scanner: r.scanner,
            status: r.status,
            readingDueAt: due,
            overdue: isReadingOverdue({ acquiredAt: r.acquired_at, status: r.status, now }, study.protocol),
          };
        }),
      };
    },
  }),
];

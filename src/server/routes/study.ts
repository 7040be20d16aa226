import { dashboardSchema, healthSchema, studySchema } from '../../core/api/study.ts';
import { studyDashboard } from '../../db/repositories/dashboard.ts';
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
    response: healthSchema,
    async handler({ db }) {
      const study = await findStudy(db.kysely);
      return { status: 'ok' as const, version: MANUS_VERSION, demo: study?.synthetic ?? false };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/study',
    access: 'study.read',
    tag: 'study',
    summary: 'The protocol configuration (without arms, so that blinded readers may read it)',
    response: studySchema,
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
        visits: [...p.visits],
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
    response: dashboardSchema,
    async handler({ db }) {
      return studyDashboard(db.kysely, await getStudy(db.kysely));
    },
  }),
];

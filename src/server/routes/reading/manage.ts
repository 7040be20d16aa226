import { z } from 'zod';
import {
  agreementReportSchema,
  examReadingSchema,
  examsOverviewSchema,
  readersSchema,
  readingSettingsSchema,
  readingTaskSchema,
} from '../../../core/api/reading-responses.ts';
import { assignBody, settingsBody, unlockBody } from '../../../core/api/reading.ts';
import { getReadingSettings, updateReadingSettings } from '../../../db/repositories/reading/settings.ts';
import { withTransaction } from '../../../db/transaction.ts';
import { activeRadiologists, assignReading } from '../../../services/reading/assign.ts';
import { readingAgreement } from '../../../services/reading/export.ts';
import { unlockRead } from '../../../services/reading/unlock.ts';
import { examsOverview } from '../../../services/reading/views.ts';
import { defineRoute, type RouteDef } from '../../route.ts';
import { TASK_URL, taskParams } from './reader.ts';

/** The data manager's side of the reading API: overview, assignment, unlock, settings, readers, agreement. */

export const manageRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/reading/exams',
    access: 'reading.manage',
    tag: 'reading',
    summary:
      "Every acquired exam's reading: participant, due date, status, reads, adjudicator, time to final; with pending, due-within-48 h, overdue and final counts",
    response: examsOverviewSchema,
    async handler({ db }) {
      return examsOverview(db);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reading/exams/:examCode/assign',
    access: 'reading.manage',
    tag: 'reading',
    summary:
      'Assign two readers and an adjudicator (three different radiologists); an adjudicator can be added later',
    params: z.object({
      examCode: z.string().regex(/^MR-[A-Z0-9-]+$/, 'must be an exam code such as MR-7K2Q9X'),
    }),
    body: assignBody,
    response: examReadingSchema,
    async handler({ db, actor, params, body }) {
      return assignReading(db, actor, params.examCode, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${TASK_URL}/unlock`,
    access: 'reading.manage',
    tag: 'reading',
    summary:
      'Unlock a submitted read for correction, with a reason; the exam goes back to awaiting its reads',
    params: taskParams,
    body: unlockBody,
    response: readingTaskSchema,
    async handler({ db, actor, params, body }) {
      return unlockRead(db, actor, params.taskId, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reading/settings',
    access: 'reading.manage',
    tag: 'reading',
    summary: 'Reading settings: round-robin assignment when images arrive, adjudication rule',
    response: readingSettingsSchema,
    async handler({ db }) {
      return getReadingSettings(db.kysely);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/reading/settings',
    access: 'reading.manage',
    tag: 'reading',
    summary: 'Change the reading settings (optimistic concurrency on version; audited)',
    body: settingsBody,
    response: readingSettingsSchema,
    async handler({ db, actor, body }) {
      return withTransaction(db, (trx) => updateReadingSettings(trx, actor, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reading/readers',
    access: 'reading.manage',
    tag: 'reading',
    summary: 'The active radiologists one can assign',
    response: readersSchema,
    async handler({ db }) {
      return { items: await activeRadiologists(db) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reading/agreement',
    access: 'reading.manage',
    tag: 'reading',
    summary:
      "Inter-reader agreement per item (and per pooled site from 10 pairs): pairs, percentage agreement, Cohen's kappa and its weighting",
    response: agreementReportSchema,
    async handler({ db }) {
      return readingAgreement(db);
    },
  }),
];

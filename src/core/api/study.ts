/** Responses of the study-wide routes: health, the protocol and the dashboard. */
import { z } from 'zod';
import { PARTICIPANT_STATUSES } from '../study/participant-status.ts';
import { ARMS } from '../study/protocol.ts';
import { count, localizedTextSchema } from './common.ts';

export const healthSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  demo: z.boolean(),
});
export type Health = z.infer<typeof healthSchema>;

export const studyVisitSchema = z.strictObject({
  code: z.string(),
  label: localizedTextSchema,
  dayOffset: z.number().int(),
  windowDays: count,
});
export type StudyVisit = z.infer<typeof studyVisitSchema>;

/** The protocol without its arms, so that blinded readers may read it. */
export const studySchema = z.strictObject({
  nctId: z.string(),
  title: localizedTextSchema,
  sponsor: z.string(),
  site: z.strictObject({ code: z.string(), name: z.string() }),
  targetEnrollment: count,
  readingDeadlineDays: count,
  visits: z.array(studyVisitSchema),
  demo: z.boolean(),
});
export type Study = z.infer<typeof studySchema>;

export const armRecruitmentSchema = z.strictObject({
  arm: z.enum(ARMS),
  target: count,
  enrolled: count,
  inScreening: count,
  total: count,
});
export type ArmRecruitment = z.infer<typeof armRecruitmentSchema>;

export const dashboardSchema = z.strictObject({
  targetEnrollment: count,
  enrolled: count,
  byArm: z.array(armRecruitmentSchema),
  byStatus: z.record(z.enum(PARTICIPANT_STATUSES), count),
  examsAcquired: count,
  readingsOverdue: count,
  /** Data queries not closed yet (open or answered). */
  openQueries: count,
});
export type Dashboard = z.infer<typeof dashboardSchema>;

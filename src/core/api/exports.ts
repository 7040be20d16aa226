/** Responses of the export routes: the formats one may export, and an export job's progress. */
import { z } from 'zod';
import { apiDateTime, count } from './common.ts';

export const exportFormatSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  /** Long exports report progress while they run. */
  reportsProgress: z.boolean(),
});
export type ExportFormatInfo = z.infer<typeof exportFormatSchema>;

export const exportFormatsSchema = z.strictObject({
  items: z.array(exportFormatSchema),
  /** Whether the caller may ask for an identified export (real dates and identities). */
  identifiedAllowed: z.boolean(),
});
export type ExportFormats = z.infer<typeof exportFormatsSchema>;

export const EXPORT_JOB_STATUSES = ['running', 'succeeded', 'failed'] as const;

export const exportJobSchema = z.strictObject({
  id: z.string(),
  format: z.string(),
  identified: z.boolean(),
  status: z.enum(EXPORT_JOB_STATUSES),
  percent: z.number().min(0).max(100),
  files: count,
  participants: count,
  error: z.string().nullable(),
  createdAt: apiDateTime,
});
export type ExportJob = z.infer<typeof exportJobSchema>;

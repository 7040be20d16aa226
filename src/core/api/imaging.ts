/**
 * Responses of the imaging routes: an exam's series, the answer to an upload, the unassigned inbox, assigning an
 * inbox study, and the quarantine of originals. The record types live in src/core/imaging/records.ts (the CLI
 * prints the same shapes); the schemas here are checked to match them.
 */
import { z } from 'zod';
import type {
  ImportSummary,
  InboxStudy,
  OriginalEntry,
  SeriesSummary,
  StudyAssignment,
} from '../imaging/records.ts';
import { apiDate, apiDateTime, count, itemsOf } from './common.ts';

const uid = z.string().regex(/^[0-9]+(\.[0-9]+)*$/);
const imageFormat = z.enum(['dicom', 'nifti']);

export const seriesSummarySchema = z.strictObject({
  id: z.string(),
  format: imageFormat,
  studyInstanceUid: uid,
  seriesInstanceUid: uid,
  seriesNumber: z.number().int().nullable(),
  seriesDescription: z.string(),
  modality: z.string(),
  nucleus: z.string().nullable(),
  rows: count,
  columns: count,
  frames: count,
  instances: count,
  burnedInSuspect: z.boolean(),
  /** Acquisition parameters as the scanner recorded them (nucleus, sequence…): open by nature. */
  acquisition: z.record(z.string(), z.unknown()),
}) satisfies z.ZodType<SeriesSummary>;
export const seriesListSchema = itemsOf(seriesSummarySchema);

export const importSummarySchema = z.strictObject({
  imported: count,
  skipped: count,
  errors: z.array(z.strictObject({ path: z.string(), reason: z.string() })),
  studies: z.array(
    z.strictObject({
      studyInstanceUid: uid,
      series: z.array(
        z.strictObject({
          seriesInstanceUid: uid,
          seriesDescription: z.string(),
          modality: z.string(),
          nucleus: z.enum(['1H', '23NA']).nullable(),
          instances: count,
          rows: count,
          columns: count,
          frames: count,
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<ImportSummary>;

export const inboxStudySchema = z.strictObject({
  studyInstanceUid: uid,
  inboxCode: z.string(),
  studyDate: apiDate.nullable(),
  receivedAt: apiDateTime,
  instances: count,
  series: z.array(seriesSummarySchema),
}) satisfies z.ZodType<InboxStudy>;
export const inboxSchema = itemsOf(inboxStudySchema);

export const studyAssignmentSchema = z.strictObject({
  studyInstanceUid: uid,
  examId: z.string(),
  examCode: z.string(),
  participantCode: z.string(),
  instances: count,
}) satisfies z.ZodType<StudyAssignment>;

export const originalEntrySchema = z.strictObject({
  uid,
  format: imageFormat,
  size: count,
  keptAt: apiDateTime,
  importId: z.string(),
  studyInstanceUid: uid.nullable(),
  seriesInstanceUid: uid.nullable(),
  seriesDescription: z.string().nullable(),
  pseudonym: z.string().nullable(),
  examId: z.string().nullable(),
  examCode: z.string().nullable(),
}) satisfies z.ZodType<OriginalEntry>;
/** One page of the quarantine (limit/offset paging, newest first). */
export const originalsPageSchema = z.strictObject({ items: z.array(originalEntrySchema), total: count });

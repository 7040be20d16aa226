/**
 * Responses of the sodium routes: an exam's quantifications, a participant's joints, and background jobs. The
 * calibration and ROI shapes are the ones the server accepts from `manus quantify --json`, so what is stored and
 * what is served cannot differ.
 */
import { z } from 'zod';
import { quantificationReportSchema } from '../sodium/report.ts';
import type { JointResult, SodiumJob, StoredQuantification } from '../sodium/records.ts';
import { apiDateTime, itemsOf } from './common.ts';

const version = z.number().int().min(0);
const roi = quantificationReportSchema.shape.rois.element;

export const storedQuantificationSchema = z.strictObject({
  id: z.string(),
  examId: z.string(),
  examCode: z.string(),
  participantCode: z.string(),
  status: z.enum(['current', 'superseded']),
  calibration: quantificationReportSchema.shape.calibration,
  rois: z.array(roi),
  warnings: z.array(z.string()),
  /** Provenance as `manus quantify` recorded it: a newer Manus may record more. */
  parameters: z.record(z.string(), z.unknown()),
  manusVersion: z.string(),
  recordedBy: z.string(),
  recordedAt: apiDateTime,
  version,
}) satisfies z.ZodType<StoredQuantification>;
export const quantificationListSchema = itemsOf(storedQuantificationSchema);

export const jointResultSchema = roi.omit({ kind: true }).extend({
  quantificationId: z.string(),
  examId: z.string(),
  examCode: z.string(),
}) satisfies z.ZodType<JointResult>;
export const participantJointsSchema = z.strictObject({ joints: z.array(jointResultSchema) });

const series = z.strictObject({ seriesInstanceUid: z.string() });

export const sodiumJobSchema = z.strictObject({
  id: z.string(),
  examId: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  percent: z.number().min(0).max(100),
  error: z.string().nullable(),
  quantificationId: z.string().nullable(),
  request: z.strictObject({
    sodium: series,
    labels: z.union([series, z.strictObject({ uploadKey: z.string() })]),
    /** The legend and relaxation model exactly as the client sent them (provenance). */
    legend: z.unknown(),
    relaxation: z.unknown(),
    receiveField: series.nullable(),
    transmitField: series.nullable(),
    noiseCorrection: z.boolean(),
  }),
  requestedBy: z.string(),
  createdAt: apiDateTime,
  updatedAt: apiDateTime,
  version,
}) satisfies z.ZodType<SodiumJob>;

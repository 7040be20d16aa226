import type { Calibration, RoiResult } from './quantify.ts';

/** Sodium records as the API returns them: one shape for the server, the jobs and the web app. */

export type QuantificationStatus = 'current' | 'superseded';

export interface StoredQuantification {
  id: string;
  examId: string;
  examCode: string;
  participantCode: string;
  status: QuantificationStatus;
  calibration: Calibration;
  rois: RoiResult[];
  warnings: string[];
  /** Every input and option that produced the result, as `manus quantify` recorded them. */
  parameters: Record<string, unknown>;
  manusVersion: string;
  recordedBy: string;
  recordedAt: string;
  version: number;
}

/** A joint's concentration in the current quantification of one exam: the study's outcome, per joint. */
export interface JointResult {
  quantificationId: string;
  examId: string;
  examCode: string;
  label: number;
  name: string;
  voxels: number;
  volumeMm3: number;
  concentrationMmol: { mean: number; sd: number; median: number };
}

/** Background quantifications of an exam's sodium series: queued → running → succeeded | failed. */
export type SodiumJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Where a volume of a job comes from: a series of the exam, or a label map uploaded with the request. */
export type JobVolumeSource = { seriesInstanceUid: string } | { uploadKey: string };

/** What a job quantifies, as checked when it was submitted; kept whole as provenance. */
export interface SodiumJobRequest {
  sodium: { seriesInstanceUid: string };
  labels: JobVolumeSource;
  /** The legend and relaxation model exactly as sent (they were parsed successfully at submission). */
  legend: unknown;
  relaxation: unknown;
  receiveField: { seriesInstanceUid: string } | null;
  transmitField: { seriesInstanceUid: string } | null;
  noiseCorrection: boolean;
}

export interface SodiumJob {
  id: string;
  examId: string;
  status: SodiumJobStatus;
  percent: number;
  error: string | null;
  quantificationId: string | null;
  request: SodiumJobRequest;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

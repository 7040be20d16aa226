import type { Calibration, RoiResult } from './quantify.ts';

/** A stored quantification as the API returns it: one shape for the server and the web app. */
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

/** The sodium part of the export snapshot (./snapshot.ts): the current quantification of each exam and its ROIs. */
import { shiftDateTime } from '../../core/export/date-shift.ts';
import type { ExportSodiumQuantification, ExportSodiumRoi } from '../../core/export/snapshot.ts';
import type { ReferenceResult, RoiResult } from '../../core/sodium/quantify.ts';
import type { Tx } from '../../db/transaction.ts';

export async function loadSodium(
  trx: Tx,
  codeOf: ReadonlyMap<string, string>,
  shiftFor: (participantId: string) => number,
): Promise<ExportSodiumRoi[]> {
  const rows = await trx
    .selectFrom('sodium_roi_result')
    .innerJoin('sodium_quantification', 'sodium_quantification.id', 'sodium_roi_result.quantification_id')
    .innerJoin('mri_exam', 'mri_exam.id', 'sodium_quantification.exam_id')
    .selectAll('sodium_roi_result')
    .select(['mri_exam.exam_code as exam_code', 'sodium_quantification.created_at as recorded_at'])
    .where('sodium_quantification.status', '=', 'current')
    .orderBy('mri_exam.exam_code')
    .orderBy('sodium_roi_result.label')
    .execute();
  return rows.map((r) => ({
    participantCode: codeOf.get(r.participant_id) ?? r.participant_id,
    examCode: r.exam_code,
    quantificationId: r.quantification_id,
    recordedAt: shiftDateTime(r.recorded_at, shiftFor(r.participant_id)),
    label: Number(r.label),
    name: r.name,
    kind: r.kind as RoiResult['kind'],
    voxels: Number(r.voxels),
    volumeMm3: Number(r.volume_mm3),
    concentrationMmol: { mean: Number(r.mean_mmol), sd: Number(r.sd_mmol), median: Number(r.median_mmol) },
  }));
}

export async function loadSodiumQuantifications(
  trx: Tx,
  codeOf: ReadonlyMap<string, string>,
  shiftFor: (participantId: string) => number,
): Promise<ExportSodiumQuantification[]> {
  const rows = await trx
    .selectFrom('sodium_quantification')
    .innerJoin('mri_exam', 'mri_exam.id', 'sodium_quantification.exam_id')
    .selectAll('sodium_quantification')
    .select('mri_exam.exam_code as exam_code')
    .where('sodium_quantification.status', '=', 'current')
    .orderBy('mri_exam.exam_code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    participantCode: codeOf.get(r.participant_id) ?? r.participant_id,
    examCode: r.exam_code,
    recordedAt: shiftDateTime(r.created_at, shiftFor(r.participant_id)),
    calibration: {
      slope: Number(r.slope),
      intercept: Number(r.intercept),
      r2: Number(r.r2),
      noiseSigma: r.noise_sigma === null ? null : Number(r.noise_sigma),
      references: JSON.parse(r.references_json) as ReferenceResult[],
    },
    parameters: JSON.parse(r.parameters_json) as Record<string, unknown>,
  }));
}

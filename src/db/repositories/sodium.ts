import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors.ts';
import type { RoiResult, ReferenceResult } from '../../core/sodium/quantify.ts';
import type { QuantificationUpload } from '../../core/sodium/report.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { JointResult, QuantificationStatus, StoredQuantification } from '../../core/sodium/records.ts';
import type { DB, SodiumQuantificationTable, SodiumRoiResultTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { assertUpdated, nowIso } from '../versioning.ts';
import { getParticipant } from './participants.ts';

/** Sodium quantifications of MRI exams, and their results per participant × joint. */

type QuantificationRow = SodiumQuantificationTable & { exam_code: string; participant_code: string };

const toRoi = (r: SodiumRoiResultTable): RoiResult => ({
  label: Number(r.label),
  name: r.name,
  kind: r.kind as RoiResult['kind'],
  voxels: Number(r.voxels),
  volumeMm3: Number(r.volume_mm3),
  concentrationMmol: { mean: Number(r.mean_mmol), sd: Number(r.sd_mmol), median: Number(r.median_mmol) },
});

const selectQuantifications = (db: Kysely<DB>) =>
  db
    .selectFrom('sodium_quantification')
    .innerJoin('mri_exam', 'mri_exam.id', 'sodium_quantification.exam_id')
    .innerJoin('participant', 'participant.id', 'sodium_quantification.participant_id')
    .selectAll('sodium_quantification')
    .select(['mri_exam.exam_code as exam_code', 'participant.code as participant_code']);

async function withRois(db: Kysely<DB>, rows: QuantificationRow[]): Promise<StoredQuantification[]> {
  if (rows.length === 0) return [];
  const rois = await db
    .selectFrom('sodium_roi_result')
    .selectAll()
    .where(
      'quantification_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('label')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    examId: r.exam_id,
    examCode: r.exam_code,
    participantCode: r.participant_code,
    status: r.status as QuantificationStatus,
    calibration: {
      slope: Number(r.slope),
      intercept: Number(r.intercept),
      r2: Number(r.r2),
      noiseSigma: r.noise_sigma === null ? null : Number(r.noise_sigma),
      references: JSON.parse(r.references_json) as ReferenceResult[],
    },
    rois: rois.filter((roi) => roi.quantification_id === r.id).map(toRoi),
    warnings: JSON.parse(r.warnings_json) as string[],
    parameters: JSON.parse(r.parameters_json) as Record<string, unknown>,
    manusVersion: r.manus_version,
    recordedBy: r.recorded_by,
    recordedAt: r.created_at,
    version: Number(r.version),
  }));
}

/** Every quantification of an exam, the current one first, then the superseded ones from the newest. */
export async function listExamQuantifications(
  db: Kysely<DB>,
  examId: string,
): Promise<StoredQuantification[]> {
  const exam = await db.selectFrom('mri_exam').select('id').where('id', '=', examId).executeTakeFirst();
  if (!exam) throw notFound(`MRI exam ${examId}`);
  const rows = await selectQuantifications(db)
    .where('sodium_quantification.exam_id', '=', examId)
    .orderBy('sodium_quantification.created_at', 'desc')
    .orderBy('sodium_quantification.id')
    .execute();
  const stored = await withRois(db, rows);
  return [...stored.filter((q) => q.status === 'current'), ...stored.filter((q) => q.status !== 'current')];
}

/** The joints of a participant's current quantifications, exam by exam. */
export async function participantJointResults(
  db: Kysely<DB>,
  participantCode: string,
): Promise<JointResult[]> {
  const participant = await getParticipant(db, participantCode);
  const rows = await db
    .selectFrom('sodium_roi_result')
    .innerJoin('sodium_quantification', 'sodium_quantification.id', 'sodium_roi_result.quantification_id')
    .innerJoin('mri_exam', 'mri_exam.id', 'sodium_quantification.exam_id')
    .selectAll('sodium_roi_result')
    .select(['sodium_quantification.exam_id as exam_id', 'mri_exam.exam_code as exam_code'])
    .where('sodium_roi_result.participant_id', '=', participant.id)
    .where('sodium_quantification.status', '=', 'current')
    .where('sodium_roi_result.kind', '=', 'joint')
    .orderBy('mri_exam.exam_code')
    .orderBy('sodium_roi_result.label')
    .execute();
  return rows.map((r) => {
    const { kind: _kind, ...roi } = toRoi(r);
    return { quantificationId: r.quantification_id, examId: r.exam_id, examCode: r.exam_code, ...roi };
  });
}

/**
 * Stores a quantification of an exam with its ROIs, and supersedes the exam's previous one (kept, never deleted).
 * Each change is audited in the caller's transaction: the supersession, then the new record in full.
 */
export async function recordQuantification(
  trx: Tx,
  actor: Actor,
  examId: string,
  report: QuantificationUpload,
): Promise<StoredQuantification> {
  const exam = await trx
    .selectFrom('mri_exam')
    .select(['id', 'participant_id'])
    .where('id', '=', examId)
    .executeTakeFirst();
  if (!exam) throw notFound(`MRI exam ${examId}`);
  const now = nowIso();
  for (const previous of await listExamQuantifications(trx, examId)) {
    if (previous.status !== 'current') continue;
    const result = await trx
      .updateTable('sodium_quantification')
      .set({ status: 'superseded', version: previous.version + 1, updated_at: now })
      .where('id', '=', previous.id)
      .where('version', '=', previous.version)
      .executeTakeFirst();
    assertUpdated(`Sodium quantification ${previous.id}`, result, previous.version);
    await appendAudit(trx, actor, {
      action: 'sodium.quantification.supersede',
      entityType: 'sodium_quantification',
      entityId: previous.id,
      before: { status: 'current', version: previous.version },
      after: { status: 'superseded', version: previous.version + 1 },
    });
  }

  const id = randomUUID();
  await trx
    .insertInto('sodium_quantification')
    .values({
      id,
      exam_id: exam.id,
      participant_id: exam.participant_id,
      status: 'current',
      slope: report.calibration.slope,
      intercept: report.calibration.intercept,
      r2: report.calibration.r2,
      noise_sigma: report.calibration.noiseSigma,
      references_json: JSON.stringify(report.calibration.references),
      warnings_json: JSON.stringify(report.warnings),
      parameters_json: JSON.stringify(report.parameters),
      manus_version: report.parameters.manusVersion,
      recorded_by: actor.username,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (report.rois.length > 0) {
    await trx
      .insertInto('sodium_roi_result')
      .values(
        report.rois.map((roi) => ({
          id: randomUUID(),
          quantification_id: id,
          participant_id: exam.participant_id,
          label: roi.label,
          name: roi.name,
          kind: roi.kind,
          voxels: roi.voxels,
          volume_mm3: roi.volumeMm3,
          mean_mmol: roi.concentrationMmol.mean,
          sd_mmol: roi.concentrationMmol.sd,
          median_mmol: roi.concentrationMmol.median,
          created_at: now,
        })),
      )
      .execute();
  }
  const stored = (await listExamQuantifications(trx, examId))[0]!;
  await appendAudit(trx, actor, {
    action: 'sodium.quantification.record',
    entityType: 'sodium_quantification',
    entityId: id,
    after: stored,
  });
  return stored;
}

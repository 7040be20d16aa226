/**
 * The rows the outcome analysis reads, table by table: one query per table however many participants there are
 * (20,000 load in seconds), each in a stable order so the same data always make the same snapshot. Read-only.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface AnalysisRows {
  participants: { id: string; code: string; arm: string; status: string }[];
  exams: {
    id: string;
    participant_id: string;
    exam_code: string;
    acquired_at: string | null;
    status: string;
    hands: string;
  }[];
  readings: {
    exam_id: string;
    status: string;
    final_findings_json: string | null;
    finalized_at: string | null;
  }[];
  reads: { exam_id: string; findings_json: string; comments: string; submitted_at: string | null }[];
  forms: { participant_id: string; instrument_id: string; values_json: string; score_json: string | null }[];
  sodium: { participant_id: string; name: string; mean_mmol: number }[];
}

export async function readAnalysisRows(db: Kysely<DB>): Promise<AnalysisRows> {
  const [participants, exams, readings, reads, forms, sodium] = await Promise.all([
    db.selectFrom('participant').select(['id', 'code', 'arm', 'status']).orderBy('code').execute(),
    db
      .selectFrom('mri_exam')
      .select(['id', 'participant_id', 'exam_code', 'acquired_at', 'status', 'hands'])
      .orderBy('exam_code')
      .execute(),
    db
      .selectFrom('exam_reading')
      .select(['exam_id', 'status', 'final_findings_json', 'finalized_at'])
      .orderBy('exam_id')
      .execute(),
    db
      .selectFrom('reading_task')
      .select(['exam_id', 'findings_json', 'comments', 'submitted_at'])
      .where('kind', '=', 'read')
      .where('status', '=', 'submitted')
      .orderBy('exam_id')
      .orderBy('submitted_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('form_record')
      .select(['participant_id', 'instrument_id', 'values_json', 'score_json'])
      .orderBy('participant_id')
      .orderBy('instrument_id')
      .orderBy('visit_code')
      .execute(),
    db
      .selectFrom('sodium_roi_result')
      .innerJoin('sodium_quantification', 'sodium_quantification.id', 'sodium_roi_result.quantification_id')
      .select(['sodium_roi_result.participant_id', 'sodium_roi_result.name', 'sodium_roi_result.mean_mmol'])
      .where('sodium_quantification.status', '=', 'current')
      .where('sodium_roi_result.kind', '=', 'joint')
      .orderBy('sodium_roi_result.participant_id')
      .orderBy('sodium_quantification.created_at')
      .orderBy('sodium_roi_result.label')
      .execute(),
  ]);
  return {
    participants,
    exams,
    readings,
    reads,
    forms,
    sodium: sodium.map((r) => ({ ...r, mean_mmol: Number(r.mean_mmol) })),
  };
}

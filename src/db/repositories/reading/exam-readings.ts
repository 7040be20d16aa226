import type { Kysely } from 'kysely';
import { canonicalJson } from '../../../core/audit/hash-chain.ts';
import { notFound } from '../../../core/errors.ts';
import type { Reading } from '../../../core/reading/findings.ts';
import type { ExamReadingState } from '../../../core/reading/task-state.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { DB, ExamReadingTable } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso } from '../../versioning.ts';

/** An exam's reading: its status, its adjudicator, and once final the reading the analysis uses. */

export type FinalKind = 'agreed' | 'consensus';

export interface ExamReading {
  examId: string;
  status: ExamReadingState;
  adjudicatorId: string | null;
  final: (Reading & { kind: FinalKind }) | null;
  finalizedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const toExamReading = (r: ExamReadingTable): ExamReading => ({
  examId: r.exam_id,
  status: r.status as ExamReadingState,
  adjudicatorId: r.adjudicator_id,
  final:
    r.final_findings_json === null
      ? null
      : {
          findings: JSON.parse(r.final_findings_json) as Reading['findings'],
          comments: r.final_comments ?? '',
          kind: r.final_kind as FinalKind,
        },
  finalizedAt: r.finalized_at,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findExamReading(db: Kysely<DB>, examId: string): Promise<ExamReading | null> {
  const row = await db
    .selectFrom('exam_reading')
    .selectAll()
    .where('exam_id', '=', examId)
    .executeTakeFirst();
  return row ? toExamReading(row) : null;
}

export async function getExamReading(db: Kysely<DB>, examId: string): Promise<ExamReading> {
  const reading = await findExamReading(db, examId);
  if (!reading) throw notFound(`Reading of MRI exam ${examId}`);
  return reading;
}

export async function listExamReadings(db: Kysely<DB>): Promise<ExamReading[]> {
  const rows = await db.selectFrom('exam_reading').selectAll().orderBy('created_at').execute();
  return rows.map(toExamReading);
}

const audited = (r: ExamReading) => ({
  status: r.status,
  adjudicatorId: r.adjudicatorId,
  final: r.final,
  finalizedAt: r.finalizedAt,
  version: r.version,
});

export async function createExamReading(
  trx: Tx,
  actor: Actor,
  input: { examId: string; adjudicatorId: string | null },
): Promise<ExamReading> {
  const now = nowIso();
  const row: ExamReadingTable = {
    exam_id: input.examId,
    status: 'awaiting_reads',
    adjudicator_id: input.adjudicatorId,
    final_findings_json: null,
    final_comments: null,
    final_kind: null,
    finalized_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('exam_reading').values(row).execute();
  const reading = toExamReading(row);
  await appendAudit(trx, actor, {
    action: 'reading.exam.create',
    entityType: 'exam_reading',
    entityId: input.examId,
    after: audited(reading),
  });
  return reading;
}

export interface ExamReadingChanges {
  status?: ExamReadingState;
  adjudicatorId?: string | null;
  /** The final reading, or null to clear it. */
  final?: (Reading & { kind: FinalKind }) | null;
  finalizedAt?: string | null;
}

/** Changes an exam's reading at the version the caller read, audited as `reading.exam.<action>`. */
export async function updateExamReading(
  trx: Tx,
  actor: Actor,
  examId: string,
  sentVersion: number,
  changes: ExamReadingChanges,
  audit: { action: string; reason?: string | null },
): Promise<ExamReading> {
  const before = await getExamReading(trx, examId);
  assertCurrentVersion(`Reading of MRI exam ${examId}`, sentVersion, before.version);
  const final = changes.final;
  const result = await trx
    .updateTable('exam_reading')
    .set({
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.adjudicatorId !== undefined ? { adjudicator_id: changes.adjudicatorId } : {}),
      ...(final !== undefined
        ? {
            final_findings_json: final ? canonicalJson(final.findings) : null,
            final_comments: final ? final.comments : null,
            final_kind: final ? final.kind : null,
          }
        : {}),
      ...(changes.finalizedAt !== undefined ? { finalized_at: changes.finalizedAt } : {}),
      version: before.version + 1,
      updated_at: nowIso(),
    })
    .where('exam_id', '=', examId)
    .where('version', '=', sentVersion)
    .executeTakeFirst();
  assertUpdated(`Reading of MRI exam ${examId}`, result, sentVersion);
  const after = await getExamReading(trx, examId);
  await appendAudit(trx, actor, {
    action: `reading.exam.${audit.action}`,
    entityType: 'exam_reading',
    entityId: examId,
    before: audited(before),
    after: audited(after),
    reason: audit.reason ?? null,
  });
  return after;
}

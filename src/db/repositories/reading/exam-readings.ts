import type { Kysely } from 'kysely';
import { canonicalJson } from '../../../core/audit/hash-chain.ts';
import { notFound } from '../../../core/errors.ts';
import type { Reading } from '../../../core/reading/findings.ts';
import type { ExamReadingState } from '../../../core/reading/task-state.ts';
import type { Hands } from '../../../core/study/protocol.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import { preparedQuery } from '../../prepared.ts';
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

const examReadingOf = preparedQuery((db, { examId }: { examId: string }) =>
  db.selectFrom('exam_reading').selectAll().where('exam_id', '=', examId),
);

export async function findExamReading(db: Kysely<DB>, examId: string): Promise<ExamReading | null> {
  const [row] = (await examReadingOf(db, { examId })).rows;
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

/** An MRI exam as the reading sees it; the participant code is for data managers only, never for readers. */
export interface ReadingExam {
  id: string;
  examCode: string;
  participantCode: string;
  acquiredAt: string | null;
  hands: Hands;
}

function readingExams(db: Kysely<DB>) {
  return db
    .selectFrom('mri_exam')
    .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
    .select([
      'mri_exam.id',
      'mri_exam.exam_code',
      'mri_exam.acquired_at',
      'mri_exam.hands',
      'participant.code as participant_code',
    ]);
}

const toReadingExam = (r: {
  id: string;
  exam_code: string;
  acquired_at: string | null;
  hands: string;
  participant_code: string;
}): ReadingExam => ({
  id: r.id,
  examCode: r.exam_code,
  participantCode: r.participant_code,
  acquiredAt: r.acquired_at,
  hands: r.hands as Hands,
});

/** The exam by id or by exam code. */
export async function getReadingExam(
  db: Kysely<DB>,
  key: { id: string } | { code: string },
): Promise<ReadingExam> {
  const [row] = ('id' in key ? await examById(db, { id: key.id }) : await examByCode(db, { code: key.code }))
    .rows;
  if (!row) throw notFound(`MRI exam ${'id' in key ? key.id : key.code}`);
  return toReadingExam(row);
}

const examById = preparedQuery((db, { id }: { id: string }) =>
  readingExams(db).where('mri_exam.id', '=', id),
);
const examByCode = preparedQuery((db, { code }: { code: string }) =>
  readingExams(db).where('mri_exam.exam_code', '=', code),
);

/** Every acquired exam, oldest acquisition first. */
export async function listAcquiredExams(db: Kysely<DB>): Promise<ReadingExam[]> {
  const rows = await readingExams(db)
    .where('mri_exam.acquired_at', 'is not', null)
    .orderBy('mri_exam.acquired_at')
    .orderBy('mri_exam.exam_code')
    .execute();
  return rows.map(toReadingExam);
}

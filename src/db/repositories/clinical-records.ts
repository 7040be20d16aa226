import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { invalid, notFound } from '../../core/errors.ts';
import { mriVisitCode, type Hands, type StudyProtocol } from '../../core/study/protocol.ts';
import { readingDueAt } from '../../core/study/reading-deadline.ts';
import {
  type Consent,
  type ExamStatus,
  type MriExam,
  type Visit,
  type VisitStatus,
} from '../../core/study/records.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { ConsentTable, DB, MriExamTable, VisitTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso, requireReasonIfComplete } from '../versioning.ts';
import { getParticipant } from './participants.ts';

/** Consents, visits and MRI exams: the per-participant records of the protocol's schedule. */

const toConsent = (r: ConsentTable): Consent => ({
  id: r.id,
  consentDate: r.consent_date,
  documentVersion: r.document_version,
  withdrawnDate: r.withdrawn_date,
  version: Number(r.version),
});

const toVisit = (r: VisitTable): Visit => ({
  id: r.id,
  visitCode: r.visit_code,
  plannedDate: r.planned_date,
  actualDate: r.actual_date,
  status: r.status as VisitStatus,
  version: Number(r.version),
});

export function toExam(r: MriExamTable, protocol: StudyProtocol): MriExam {
  return {
    id: r.id,
    participantId: r.participant_id,
    examCode: r.exam_code,
    acquiredAt: r.acquired_at,
    hands: r.hands as Hands,
    scanner: r.scanner,
    notes: r.notes,
    status: r.status as ExamStatus,
    readingDueAt: r.acquired_at ? readingDueAt(r.acquired_at, protocol) : null,
    version: Number(r.version),
  };
}

export async function listConsents(db: Kysely<DB>, participantId: string): Promise<Consent[]> {
  const rows = await db
    .selectFrom('consent')
    .selectAll()
    .where('participant_id', '=', participantId)
    .orderBy('consent_date')
    .execute();
  return rows.map(toConsent);
}

export async function listVisits(db: Kysely<DB>, participantId: string): Promise<Visit[]> {
  const rows = await db
    .selectFrom('visit')
    .selectAll()
    .where('participant_id', '=', participantId)
    .orderBy('visit_code')
    .execute();
  return rows.map(toVisit);
}

export async function listExams(
  db: Kysely<DB>,
  participantId: string,
  protocol: StudyProtocol,
): Promise<MriExam[]> {
  const rows = await db
    .selectFrom('mri_exam')
    .selectAll()
    .where('participant_id', '=', participantId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => toExam(r, protocol));
}

export async function addConsent(
  trx: Tx,
  actor: Actor,
  participantCode: string,
  input: { consentDate: string; documentVersion: string },
): Promise<Consent> {
  const participant = await getParticipant(trx, participantCode);
  const now = nowIso();
  const row: ConsentTable = {
    id: randomUUID(),
    participant_id: participant.id,
    consent_date: input.consentDate,
    document_version: input.documentVersion,
    withdrawn_date: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('consent').values(row).execute();
  const consent = toConsent(row);
  await appendAudit(trx, actor, {
    action: 'consent.create',
    entityType: 'consent',
    entityId: row.id,
    after: { participantCode, ...consent },
  });
  return consent;
}

export interface VisitChanges {
  version: number;
  plannedDate?: string | null | undefined;
  actualDate?: string | null | undefined;
  status?: VisitStatus | undefined;
  reason?: string | null | undefined;
}

export async function updateVisit(trx: Tx, actor: Actor, id: string, changes: VisitChanges): Promise<Visit> {
  const row = await trx.selectFrom('visit').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Visit ${id}`);
  const before = toVisit(row);
  assertCurrentVersion(`Visit ${before.visitCode}`, changes.version, before.version);
  const reason = requireReasonIfComplete(
    `Visit ${before.visitCode}`,
    before.status !== 'planned',
    changes.reason,
  );
  const status = changes.status ?? before.status;
  const actualDate = changes.actualDate === undefined ? before.actualDate : changes.actualDate;
  if (status === 'done' && !actualDate) {
    throw invalid('A visit marked done needs its date', [
      { path: 'actualDate', code: 'required', message: 'required when status is done' },
    ]);
  }
  const result = await trx
    .updateTable('visit')
    .set({
      ...(changes.plannedDate !== undefined ? { planned_date: changes.plannedDate } : {}),
      actual_date: actualDate,
      status,
      version: before.version + 1,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  assertUpdated(`Visit ${before.visitCode}`, result, before.version);
  const after = toVisit(
    await trx.selectFrom('visit').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
  await appendAudit(trx, actor, {
    action: 'visit.update',
    entityType: 'visit',
    entityId: id,
    before,
    after,
    reason,
  });
  return after;
}

/** Blinded exam codes carry no participant information: readers see only these. */
function newExamCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  return `MR-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
}

export interface NewExam {
  acquiredAt: string | null;
  hands: Hands;
  scanner: string;
  notes: string;
}

export async function addExam(
  trx: Tx,
  actor: Actor,
  participantCode: string,
  protocol: StudyProtocol,
  input: NewExam,
): Promise<MriExam> {
  const participant = await getParticipant(trx, participantCode);
  const mriVisit = await trx
    .selectFrom('visit')
    .select('id')
    .where('participant_id', '=', participant.id)
    .where('visit_code', '=', mriVisitCode(protocol) ?? '')
    .executeTakeFirst();
  const now = nowIso();
  const row: MriExamTable = {
    id: randomUUID(),
    participant_id: participant.id,
    visit_id: mriVisit?.id ?? null,
    exam_code: newExamCode(),
    acquired_at: input.acquiredAt,
    hands: input.hands,
    scanner: input.scanner,
    notes: input.notes,
    status: input.acquiredAt ? 'acquired' : 'scheduled',
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('mri_exam').values(row).execute();
  const exam = toExam(row, protocol);
  await appendAudit(trx, actor, {
    action: 'exam.create',
    entityType: 'mri_exam',
    entityId: row.id,
    after: exam,
  });
  return exam;
}

export interface ExamChanges {
  version: number;
  acquiredAt?: string | null | undefined;
  hands?: Hands | undefined;
  scanner?: string | undefined;
  notes?: string | undefined;
  status?: ExamStatus | undefined;
  reason?: string | null | undefined;
}

export async function updateExam(
  trx: Tx,
  actor: Actor,
  id: string,
  protocol: StudyProtocol,
  changes: ExamChanges,
): Promise<MriExam> {
  const row = await trx.selectFrom('mri_exam').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`MRI exam ${id}`);
  const before = toExam(row, protocol);
  assertCurrentVersion(`MRI exam ${before.examCode}`, changes.version, before.version);
  const reason = requireReasonIfComplete(
    `MRI exam ${before.examCode}`,
    before.status === 'complete',
    changes.reason,
  );
  const acquiredAt = changes.acquiredAt === undefined ? before.acquiredAt : changes.acquiredAt;
  const status = changes.status ?? (acquiredAt && before.status === 'scheduled' ? 'acquired' : before.status);
  if (status !== 'scheduled' && !acquiredAt) {
    throw invalid(`An exam that is ${status} needs its acquisition time`, [
      { path: 'acquiredAt', code: 'required', message: `required when status is ${status}` },
    ]);
  }
  const result = await trx
    .updateTable('mri_exam')
    .set({
      acquired_at: acquiredAt,
      ...(changes.hands !== undefined ? { hands: changes.hands } : {}),
      ...(changes.scanner !== undefined ? { scanner: changes.scanner } : {}),
      ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
      status,
      version: before.version + 1,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  assertUpdated(`MRI exam ${before.examCode}`, result, before.version);
  const after = toExam(
    await trx.selectFrom('mri_exam').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    protocol,
  );
  await appendAudit(trx, actor, {
    action: 'exam.update',
    entityType: 'mri_exam',
    entityId: id,
    before,
    after,
    reason,
  });
  return after;
}

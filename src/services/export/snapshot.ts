import {
  shiftItemValues,
  shiftDate,
  shiftDateTime,
  shiftNullableDate,
  shiftNullableDateTime,
} from '../../core/export/date-shift.ts';
import type {
  ExportExam,
  ExportForm,
  ExportParticipant,
  ExportReading,
  ExportSnapshot,
  FormHistoryEntry,
} from '../../core/export/snapshot.ts';
import type { FormStatus } from '../../core/forms/lifecycle.ts';
import type { FormRecord } from '../../core/forms/records.ts';
import { getInstrument } from '../../core/instruments/registry.ts';
import type { ItemValues, MissingCode } from '../../core/instruments/types.ts';
import { withoutIdentifyingItems } from '../../core/instruments/validate.ts';
import type { Finding } from '../../core/reading/findings.ts';
import type { ExamReadingState, TaskState } from '../../core/reading/task-state.ts';
import type { ParticipantStatus } from '../../core/study/participant-status.ts';
import type { Arm, Hands } from '../../core/study/protocol.ts';
import type { ExamStatus, VisitStatus } from '../../core/study/records.ts';
import { classifyParticipant } from '../../core/analysis/analysis-set.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import { readAnalysisRows } from '../../db/repositories/analysis-snapshot.ts';
import { toFormRecord } from '../../db/repositories/forms.ts';
import { imagingSecret } from '../../db/repositories/imaging/pseudonyms.ts';
import { seriesWithStudy } from '../../db/repositories/imaging/joins.ts';
import { toSeriesSummary } from '../../db/repositories/imaging/series.ts';
import { getStudy } from '../../db/repositories/study.ts';
import { listUsers } from '../../db/repositories/users.ts';
import type { Tx } from '../../db/transaction.ts';
import { dateShiftDays } from '../../imaging/deid/pseudonym.ts';
import { MANUS_VERSION } from '../../version.ts';
import { analysisInputOf } from '../analysis/input-of-rows.ts';
import { loadSodium, loadSodiumQuantifications } from './snapshot-sodium.ts';

/** What the audit trail keeps of a form state (see auditView in src/db/repositories/forms.ts). */
interface AuditedFormState {
  status?: FormStatus;
  values?: ItemValues;
  missingCodes?: Record<string, MissingCode>;
}

const groupBy = <T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
};

/**
 * Loads everything an export writes, inside the caller's transaction (one consistent state), one query per table
 * whatever the number of participants. De-identified (the default): every participant's dates and timestamps are
 * moved by the participant's date shift, identifying items are dropped, identities are not read. Identified: real
 * dates and the identities, each identity read audited like any other.
 */
export async function loadExportSnapshot(
  trx: Tx,
  actor: Actor,
  options: { identified: boolean; purpose: string },
): Promise<ExportSnapshot> {
  const study = await getStudy(trx);
  const secret = options.identified ? null : await imagingSecret(trx, actor, study.id);
  const shiftOf = (code: string): number => (secret ? dateShiftDays(secret, code) : 0);

  const users = await listUsers(trx);
  const participantRows = await trx
    .selectFrom('participant')
    .innerJoin('site', 'site.id', 'participant.site_id')
    .selectAll('participant')
    .select('site.code as site_code')
    .orderBy('participant.code')
    .execute();
  const codeOf = new Map(participantRows.map((p) => [p.id, p.code]));
  const shifts = new Map(participantRows.map((p) => [p.id, shiftOf(p.code)]));
  const shiftFor = (participantId: string): number => shifts.get(participantId) ?? 0;

  const statusChanges = groupBy(
    await trx.selectFrom('participant_status_change').selectAll().orderBy('ordinal').execute(),
    (r) => r.participant_id,
  );
  const visits = groupBy(
    await trx.selectFrom('visit').selectAll().orderBy('visit_code').execute(),
    (r) => r.participant_id,
  );
  const consents = groupBy(
    await trx.selectFrom('consent').selectAll().orderBy('consent_date').execute(),
    (r) => r.participant_id,
  );
  const identities = options.identified
    ? new Map((await trx.selectFrom('identity').selectAll().execute()).map((r) => [r.participant_id, r]))
    : new Map();

  const participants: ExportParticipant[] = participantRows.map((p) => {
    const days = shiftFor(p.id);
    const identity = identities.get(p.id);
    return {
      id: p.id,
      code: p.code,
      arm: p.arm as Arm,
      status: p.status as ParticipantStatus,
      siteCode: p.site_code,
      screeningDate: shiftDate(p.screening_date, days),
      inclusionDate: shiftNullableDate(p.inclusion_date, days),
      endDate: shiftNullableDate(p.end_date, days),
      synthetic: Number(p.synthetic) === 1,
      dateShiftDays: days,
      statusChanges: (statusChanges.get(p.id) ?? []).map((c) => ({
        fromStatus: c.from_status as ParticipantStatus | null,
        toStatus: c.to_status as ParticipantStatus,
        effectiveDate: shiftDate(c.effective_date, days),
        reason: c.reason,
        changedBy: c.changed_by,
        changedAt: shiftDateTime(c.changed_at, days),
      })),
      visits: (visits.get(p.id) ?? []).map((v) => ({
        visitCode: v.visit_code,
        plannedDate: shiftNullableDate(v.planned_date, days),
        actualDate: shiftNullableDate(v.actual_date, days),
        status: v.status as VisitStatus,
      })),
      consents: (consents.get(p.id) ?? []).map((c) => ({
        consentDate: shiftDate(c.consent_date, days),
        documentVersion: c.document_version,
        withdrawnDate: shiftNullableDate(c.withdrawn_date, days),
      })),
      identity: identity
        ? {
            familyName: identity.family_name,
            givenName: identity.given_name,
            birthDate: identity.birth_date,
            hospitalRecordNumber: identity.hospital_record_number,
            version: Number(identity.version),
          }
        : null,
    };
  });
  // An identified export reads identities: each read is audited as the identity page's reads are.
  for (const p of participants) {
    if (p.identity)
      await appendAudit(trx, actor, {
        action: 'identity.read',
        entityType: 'identity',
        entityId: p.id,
        after: { purpose: options.purpose },
      });
  }

  const forms = await loadForms(trx, codeOf, shiftFor, options.identified);
  const exams = await loadExams(trx, codeOf, shiftFor);
  const shiftByCode = new Map(participants.map((p) => [p.code, p.dateShiftDays]));
  const usernames = new Map(users.map((u) => [u.id, u.username]));
  const readings = await loadReadings(trx, exams, usernames, (code) => shiftByCode.get(code) ?? 0);
  const sodium = await loadSodium(trx, codeOf, shiftFor);
  const sodiumQuantifications = await loadSodiumQuantifications(trx, codeOf, shiftFor);
  // The analysis's own input and classification, read in this transaction: the same set `manus analyze` uses.
  const analysisInput = analysisInputOf({
    rows: await readAnalysisRows(trx),
    readingDeadlineDays: study.protocol.readingDeadlineDays,
    synthetic: study.synthetic,
  });
  return {
    generatedAt: new Date().toISOString(),
    manusVersion: MANUS_VERSION,
    identified: options.identified,
    study: {
      id: study.id,
      nctId: study.protocol.nctId,
      protocol: study.protocol,
      synthetic: study.synthetic,
      siteCode: study.siteCode,
      siteName: study.siteName,
    },
    users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role })),
    participants,
    forms,
    exams,
    readings,
    sodium,
    sodiumQuantifications,
    analysisSet: analysisInput.participants.map(classifyParticipant),
  };
}

async function loadForms(
  trx: Tx,
  codeOf: ReadonlyMap<string, string>,
  shiftFor: (participantId: string) => number,
  identified: boolean,
): Promise<ExportForm[]> {
  const rows = await trx.selectFrom('form_record').selectAll().execute();
  const events = groupBy(
    await trx
      .selectFrom('audit_event')
      .select(['seq', 'ts', 'username', 'role', 'action', 'entity_id', 'after_json', 'reason'])
      .where('entity_type', '=', 'form')
      .orderBy('seq')
      .execute(),
    (e) => e.entity_id,
  );
  const forms = rows.map((row): ExportForm => {
    const record: FormRecord = toFormRecord(row);
    const definition = getInstrument(record.instrumentId);
    const days = shiftFor(record.participantId);
    const visible = (values: ItemValues): ItemValues =>
      shiftItemValues(
        definition,
        identified ? values : withoutIdentifyingItems(definition, values).values,
        days,
      );
    const history = (events.get(record.id) ?? []).map((event): FormHistoryEntry => {
      const state = JSON.parse(event.after_json ?? '{}') as AuditedFormState;
      return {
        seq: Number(event.seq),
        at: shiftDateTime(event.ts, days),
        username: event.username,
        role: event.role,
        action: event.action,
        reason: event.reason,
        status: state.status ?? record.status,
        values: visible(state.values ?? {}),
        missingCodes: state.missingCodes ?? {},
      };
    });
    return {
      id: record.id,
      participantCode: codeOf.get(record.participantId) ?? record.participantId,
      visitCode: record.visitCode,
      instrumentId: record.instrumentId,
      definitionVersion: record.definitionVersion,
      status: record.status,
      variant: record.variant,
      values: visible(record.values),
      missingCodes: record.missingCodes,
      score: record.score,
      verifiedBy: record.verifiedBy,
      verifiedAt: shiftNullableDateTime(record.verifiedAt, days),
      signature: record.signature
        ? {
            signedBy: record.signature.signedBy,
            signedByName: record.signature.signedByName,
            signedAt: shiftDateTime(record.signature.signedAt, days),
            meaning: record.signature.meaning,
          }
        : null,
      createdAt: shiftDateTime(row.created_at, days),
      updatedAt: shiftDateTime(record.updatedAt, days),
      history,
    };
  });
  const order = (f: ExportForm) => `${f.participantCode}\0${f.visitCode}\0${f.instrumentId}`;
  return forms.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

async function loadExams(
  trx: Tx,
  codeOf: ReadonlyMap<string, string>,
  shiftFor: (participantId: string) => number,
): Promise<ExportExam[]> {
  const rows = await trx
    .selectFrom('mri_exam')
    .leftJoin('visit', 'visit.id', 'mri_exam.visit_id')
    .selectAll('mri_exam')
    .select('visit.visit_code as visit_code')
    .orderBy('mri_exam.exam_code')
    .execute();
  const series = groupBy(
    await seriesWithStudy(trx)
      .selectAll('imaging_series')
      .select(['imaging_study.study_uid', 'imaging_study.exam_id'])
      .where('imaging_study.exam_id', 'is not', null)
      .orderBy('imaging_series.series_number')
      .orderBy('imaging_series.created_at')
      .execute(),
    (s) => s.exam_id ?? '',
  );
  return rows.map((r) => ({
    id: r.id,
    participantCode: codeOf.get(r.participant_id) ?? r.participant_id,
    examCode: r.exam_code,
    visitCode: r.visit_code,
    acquiredAt: shiftNullableDateTime(r.acquired_at, shiftFor(r.participant_id)),
    hands: r.hands as Hands,
    scanner: r.scanner,
    status: r.status as ExamStatus,
    series: (series.get(r.id) ?? []).map(toSeriesSummary),
  }));
}

async function loadReadings(
  trx: Tx,
  exams: readonly ExportExam[],
  usernames: ReadonlyMap<string, string>,
  shiftForCode: (participantCode: string) => number,
): Promise<ExportReading[]> {
  const examById = new Map(exams.map((e) => [e.id, e]));
  const tasks = groupBy(
    await trx
      .selectFrom('reading_task')
      .selectAll()
      .where('status', '=', 'submitted')
      .orderBy('assigned_at')
      .orderBy('id')
      .execute(),
    (t) => t.exam_id,
  );
  const rows = await trx.selectFrom('exam_reading').selectAll().execute();
  return rows
    .flatMap((r): ExportReading[] => {
      const exam = examById.get(r.exam_id);
      if (!exam) return [];
      const days = shiftForCode(exam.participantCode);
      return [
        {
          examCode: exam.examCode,
          participantCode: exam.participantCode,
          status: r.status as ExamReadingState,
          final:
            r.final_findings_json === null
              ? null
              : {
                  kind: r.final_kind === 'consensus' ? 'consensus' : 'agreed',
                  findings: JSON.parse(r.final_findings_json) as Finding[],
                  comments: r.final_comments ?? '',
                  finalizedAt: shiftNullableDateTime(r.finalized_at, days),
                },
          reads: (tasks.get(r.exam_id) ?? []).map((t) => ({
            reader: usernames.get(t.reader_id) ?? t.reader_id,
            kind: t.kind === 'adjudication' ? 'adjudication' : 'read',
            status: t.status as TaskState,
            findings: JSON.parse(t.findings_json) as Finding[],
            comments: t.comments,
            submittedAt: shiftNullableDateTime(t.submitted_at, days),
          })),
        },
      ];
    })
    .sort((a, b) => (a.examCode < b.examCode ? -1 : a.examCode > b.examCode ? 1 : 0));
}

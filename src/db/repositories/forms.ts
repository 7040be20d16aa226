import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { invalid, ManusError, notFound, type FieldIssue } from '../../core/errors.ts';
import {
  canEdit,
  canSign,
  canUnlock,
  canVerify,
  editNeedsReason,
  SIGNATURE_MEANING_TEXT,
  type FormStatus,
  type FormStatusOrNew,
  type SignatureMeaning,
} from '../../core/forms/lifecycle.ts';
import type { FormRecord } from '../../core/forms/records.ts';
import { getInstrument } from '../../core/instruments/registry.ts';
import { resolveVariant, scoreValidated } from '../../core/instruments/score.ts';
import type {
  InstrumentDefinition,
  ItemValues,
  MissingCode,
  ScoreResult,
} from '../../core/instruments/types.ts';
import { completionIssues, validateItems, withoutIdentifyingItems } from '../../core/instruments/validate.ts';
import { crossFormWarnings } from '../../core/study/cross-form-checks.ts';
import { scheduledForms, type StudyProtocol } from '../../core/study/protocol.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import { preparedQuery } from '../prepared.ts';
import type { DB, FormRecordTable } from '../schema.ts';

import type { Tx } from '../transaction.ts';
import { assertCurrentVersion, nowIso, requireReasonIfComplete, updatedRow } from '../versioning.ts';
import type { Participant } from '../../core/study/records.ts';
import { getParticipant } from './participants.ts';

export function toFormRecord(row: FormRecordTable): FormRecord {
  const meaning = row.signature_meaning as SignatureMeaning | null;
  return {
    id: row.id,
    participantId: row.participant_id,
    visitCode: row.visit_code,
    instrumentId: row.instrument_id,
    definitionVersion: row.definition_version,
    status: row.status as FormStatus,
    variant: row.variant,
    values: JSON.parse(row.values_json) as ItemValues,
    missingCodes: JSON.parse(row.missing_json) as Record<string, MissingCode>,
    warnings: JSON.parse(row.warnings_json) as FieldIssue[],
    score: row.score_json === null ? null : (JSON.parse(row.score_json) as ScoreResult),
    verifiedBy: row.verified_by,
    verifiedAt: row.verified_at,
    signature:
      row.signed_by && row.signed_at && meaning
        ? {
            signedBy: row.signed_by,
            signedByName: row.signed_by_name ?? row.signed_by,
            signedAt: row.signed_at,
            meaning,
            statement: SIGNATURE_MEANING_TEXT[meaning],
          }
        : null,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/** The form must be on the participant's schedule: arms and visits decide which instruments apply. */
export function assertScheduled(
  protocol: StudyProtocol,
  participant: Participant,
  visitCode: string,
  instrumentId: string,
): InstrumentDefinition {
  const definition = getInstrument(instrumentId);
  const scheduled = scheduledForms(protocol, participant.arm).some(
    (f) => f.visit === visitCode && f.instrument === instrumentId,
  );
  if (!scheduled) {
    throw notFound(
      `Form ${instrumentId} at visit ${visitCode} for ${participant.code} (not on the ${participant.arm} schedule)`,
    );
  }
  return definition;
}

const formsOf = preparedQuery((db, { participantId }: { participantId: string }) =>
  db.selectFrom('form_record').selectAll().where('participant_id', '=', participantId),
);

export async function listFormsOf(db: Kysely<DB>, participantId: string): Promise<FormRecord[]> {
  return (await formsOf(db, { participantId })).rows.map(toFormRecord);
}

async function findFormRow(db: Kysely<DB>, participantId: string, visitCode: string, instrumentId: string) {
  return db
    .selectFrom('form_record')
    .selectAll()
    .where('participant_id', '=', participantId)
    .where('visit_code', '=', visitCode)
    .where('instrument_id', '=', instrumentId)
    .executeTakeFirst();
}

export interface FormKey {
  participantCode: string;
  visitCode: string;
  instrumentId: string;
}

/** The participant a form key names, and the form's definition, which must be on the participant's schedule. */
async function scheduledForm(
  db: Kysely<DB>,
  protocol: StudyProtocol,
  key: FormKey,
): Promise<{ participant: Participant; definition: InstrumentDefinition }> {
  const participant = await getParticipant(db, key.participantCode);
  return { participant, definition: assertScheduled(protocol, participant, key.visitCode, key.instrumentId) };
}

export async function findForm(
  db: Kysely<DB>,
  protocol: StudyProtocol,
  key: FormKey,
): Promise<{ participant: Participant; definition: InstrumentDefinition; record: FormRecord | null }> {
  const { participant, definition } = await scheduledForm(db, protocol, key);
  const row = await findFormRow(db, participant.id, key.visitCode, key.instrumentId);
  return { participant, definition, record: row ? toFormRecord(row) : null };
}

export interface FormSave {
  version: number;
  values: unknown;
  variant?: string | undefined;
  status: 'in_progress' | 'complete';
  reason?: string | null | undefined;
}

/** The audit trail keeps what changed and the score the server computed; identifying items are masked. */
function auditView(definition: InstrumentDefinition, record: FormRecord | null) {
  if (!record) return null;
  const { values, masked } = withoutIdentifyingItems(definition, record.values);
  return {
    status: record.status,
    values,
    maskedItems: masked,
    missingCodes: record.missingCodes,
    total: record.score?.total ?? null,
    version: record.version,
  };
}

/** The columns a save writes, at the version the saver read. */
type SavedColumns = Pick<
  FormRecordTable,
  | 'definition_version'
  | 'status'
  | 'variant'
  | 'values_json'
  | 'missing_json'
  | 'warnings_json'
  | 'score_json'
  | 'verified_by'
  | 'verified_at'
  | 'updated_at'
  | 'version'
>;

const updateSavedForm = preparedQuery(
  (db, { id, sent, ...columns }: SavedColumns & { id: string; sent: number }) =>
    db
      .updateTable('form_record')
      .set(columns)
      .where('id', '=', id)
      .where('version', '=', sent)
      .returningAll(),
);

/**
 * Saves a form: hard validation errors refuse the save (nothing is written), soft warnings are stored as flags,
 * the score is computed here and stored with the definition version. Marking complete needs every required
 * item answered or given a missing-data code; editing a complete or verified form needs a reason.
 */
export async function saveForm(
  trx: Tx,
  actor: Actor,
  protocol: StudyProtocol,
  key: FormKey,
  save: FormSave,
): Promise<FormRecord> {
  const { participant, definition } = await scheduledForm(trx, protocol, key);
  // One read gives the form and the participant's other forms, whose scores the cross-form checks need.
  const forms = await listFormsOf(trx, participant.id);
  const record =
    forms.find((f) => f.visitCode === key.visitCode && f.instrumentId === key.instrumentId) ?? null;
  const before: FormStatusOrNew = record?.status ?? 'not_started';
  const what = `Form ${key.instrumentId} (${key.participantCode}, ${key.visitCode})`;
  assertCurrentVersion(what, save.version, record?.version ?? 0);
  if (!canEdit(before)) {
    throw new ManusError('conflict', `${what} is locked (signed): unlock it before editing`, [
      { path: 'status', code: 'not_allowed', message: 'locked' },
    ]);
  }
  const reason = requireReasonIfComplete(what, editNeedsReason(before), save.reason);
  const variant = resolveVariant(definition, save.variant ?? record?.variant ?? undefined);
  const validated = validateItems(definition, save.values);
  if (validated.issues.length)
    throw invalid(
      `${what}: some values are not allowed; nothing was saved`,
      validated.issues.map((i) => ({ ...i, path: `values.${i.path}` })),
    );
  const incomplete = save.status === 'complete' ? completionIssues(definition, validated) : [];
  if (incomplete.length) {
    throw invalid(
      `${what} cannot be complete: answer each item or give a missing-data code`,
      incomplete.map((i) => ({ ...i, path: `values.${i.path}` })),
    );
  }
  const otherScores = new Map(
    forms.filter((f) => f.instrumentId !== key.instrumentId).map((f) => [f.instrumentId, f.score]),
  );
  validated.warnings.push(...crossFormWarnings(key.instrumentId, validated.values, otherScores));
  const score = scoreValidated(definition, validated, variant);
  const now = nowIso();
  const columns = {
    definition_version: definition.version,
    status: save.status,
    variant,
    values_json: JSON.stringify(validated.values),
    missing_json: JSON.stringify(validated.missingCodes),
    warnings_json: JSON.stringify(validated.warnings),
    score_json: score ? JSON.stringify(score) : null,
    // Any edit voids source data verification.
    verified_by: null,
    verified_at: null,
    updated_at: now,
  };
  let row: FormRecordTable;
  if (!record) {
    row = await trx
      .insertInto('form_record')
      .values({
        id: randomUUID(),
        participant_id: participant.id,
        visit_code: key.visitCode,
        instrument_id: key.instrumentId,
        ...columns,
        signed_by: null,
        signed_by_name: null,
        signed_at: null,
        signature_meaning: null,
        version: 1,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } else {
    const [updated] = (
      await updateSavedForm(trx, {
        ...columns,
        version: record.version + 1,
        id: record.id,
        sent: record.version,
      })
    ).rows;
    row = updatedRow(what, updated, record.version);
  }
  const after = toFormRecord(row);
  await appendAudit(trx, actor, {
    action: record ? 'form.update' : 'form.create',
    entityType: 'form',
    entityId: row.id,
    before: auditView(definition, record),
    after: {
      ...auditView(definition, after),
      participantCode: key.participantCode,
      visit: key.visitCode,
      instrument: key.instrumentId,
    },
    reason,
  });
  return after;
}

async function transition(
  trx: Tx,
  actor: Actor,
  protocol: StudyProtocol,
  key: FormKey,
  version: number,
  rule: { allowed: (s: FormStatusOrNew) => boolean; action: string; describe: string },
  set: Partial<FormRecordTable>,
  reason: string | null,
): Promise<FormRecord> {
  const { definition, record } = await findForm(trx, protocol, key);
  const what = `Form ${key.instrumentId} (${key.participantCode}, ${key.visitCode})`;
  if (!record) throw notFound(what);
  assertCurrentVersion(what, version, record.version);
  if (!rule.allowed(record.status)) {
    throw invalid(`${what} is ${record.status}: it cannot be ${rule.describe}`, [
      { path: 'status', code: 'not_allowed', message: `is ${record.status}` },
    ]);
  }
  const after = toFormRecord(
    updatedRow(
      what,
      await trx
        .updateTable('form_record')
        .set({ ...set, version: record.version + 1, updated_at: nowIso() })
        .where('id', '=', record.id)
        .where('version', '=', record.version)
        .returningAll()
        .executeTakeFirst(),
      record.version,
    ),
  );
  await appendAudit(trx, actor, {
    action: rule.action,
    entityType: 'form',
    entityId: record.id,
    before: { ...auditView(definition, record), signature: record.signature },
    after: { ...auditView(definition, after), signature: after.signature },
    reason,
  });
  return after;
}

/** Source data verification by a monitor. */
export function verifyForm(
  trx: Tx,
  actor: Actor,
  protocol: StudyProtocol,
  key: FormKey,
  version: number,
): Promise<FormRecord> {
  return transition(
    trx,
    actor,
    protocol,
    key,
    version,
    { allowed: canVerify, action: 'form.verify', describe: 'verified (only a complete form can)' },
    { status: 'verified', verified_by: actor.username, verified_at: nowIso() },
    null,
  );
}

/** The electronic signature locks the form; the caller has re-authenticated the signer (21 CFR 11.200). */
export function signForm(
  trx: Tx,
  actor: Actor & { displayName: string },
  protocol: StudyProtocol,
  key: FormKey,
  version: number,
  meaning: SignatureMeaning,
): Promise<FormRecord> {
  return transition(
    trx,
    actor,
    protocol,
    key,
    version,
    { allowed: canSign, action: 'form.sign', describe: 'signed (only a complete or verified form can)' },
    {
      status: 'locked',
      signed_by: actor.username,
      signed_by_name: actor.displayName,
      signed_at: nowIso(),
      signature_meaning: meaning,
    },
    null,
  );
}

/** Unlocking voids the signature and the verification; the form returns to complete. */
export function unlockForm(
  trx: Tx,
  actor: Actor,
  protocol: StudyProtocol,
  key: FormKey,
  version: number,
  reason: string,
): Promise<FormRecord> {
  const why = requireReasonIfComplete('Unlocking a signed form', true, reason)!;
  return transition(
    trx,
    actor,
    protocol,
    key,
    version,
    { allowed: canUnlock, action: 'form.unlock', describe: 'unlocked (it is not locked)' },
    {
      status: 'complete',
      signed_by: null,
      signed_by_name: null,
      signed_at: null,
      signature_meaning: null,
      verified_by: null,
      verified_at: null,
    },
    why,
  );
}

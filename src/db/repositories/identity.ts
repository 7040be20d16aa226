import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors.ts';
import type { Identity } from '../../core/study/records.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { DB, IdentityTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso, requireReasonIfComplete } from '../versioning.ts';
import { getParticipant } from './participants.ts';

const toIdentity = (r: IdentityTable): Identity => ({
  familyName: r.family_name,
  givenName: r.given_name,
  birthDate: r.birth_date,
  hospitalRecordNumber: r.hospital_record_number,
  version: Number(r.version),
});

async function findIdentityRow(db: Kysely<DB>, participantId: string): Promise<IdentityTable | undefined> {
  return db.selectFrom('identity').selectAll().where('participant_id', '=', participantId).executeTakeFirst();
}

/** Every read is audited, inside the same transaction as the read, so no read escapes the trail. */
export async function readIdentity(trx: Tx, actor: Actor, participantCode: string): Promise<Identity> {
  const participant = await getParticipant(trx, participantCode);
  const row = await findIdentityRow(trx, participant.id);
  if (!row) throw notFound(`Identity of ${participantCode}`);
  await appendAudit(trx, actor, {
    action: 'identity.read',
    entityType: 'identity',
    entityId: participant.id,
  });
  return toIdentity(row);
}

export interface IdentityInput {
  version: number;
  familyName: string;
  givenName: string;
  birthDate: string;
  hospitalRecordNumber: string;
  reason?: string | null | undefined;
}

/** Creates (version 0) or corrects the identity. Audit values are masked: the trail must not copy identities. */
export async function writeIdentity(
  trx: Tx,
  actor: Actor,
  participantCode: string,
  input: IdentityInput,
): Promise<Identity> {
  const participant = await getParticipant(trx, participantCode);
  const existing = await findIdentityRow(trx, participant.id);
  const now = nowIso();
  const values = {
    family_name: input.familyName,
    given_name: input.givenName,
    birth_date: input.birthDate,
    hospital_record_number: input.hospitalRecordNumber,
  };
  if (!existing) {
    assertCurrentVersion(`Identity of ${participantCode}`, input.version, 0);
    await trx
      .insertInto('identity')
      .values({ participant_id: participant.id, ...values, version: 1, created_at: now, updated_at: now })
      .execute();
    await appendAudit(trx, actor, {
      action: 'identity.create',
      entityType: 'identity',
      entityId: participant.id,
      after: { fields: Object.keys(values) },
    });
  } else {
    const before = toIdentity(existing);
    assertCurrentVersion(`Identity of ${participantCode}`, input.version, before.version);
    const reason = requireReasonIfComplete(`Identity of ${participantCode}`, true, input.reason);
    const result = await trx
      .updateTable('identity')
      .set({ ...values, version: before.version + 1, updated_at: now })
      .where('participant_id', '=', participant.id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    assertUpdated(`Identity of ${participantCode}`, result, before.version);
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => existing[k] !== values[k]);
    await appendAudit(trx, actor, {
      action: 'identity.update',
      entityType: 'identity',
      entityId: participant.id,
      after: { changedFields: changed },
      reason,
    });
  }
  const row = await findIdentityRow(trx, participant.id);
  return toIdentity(row!);
}

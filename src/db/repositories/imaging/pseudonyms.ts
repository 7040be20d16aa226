import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { InstanceRecord } from '../../../core/imaging/records.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { DB } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';
import { nowIso } from '../../versioning.ts';
import type { ImportDestination } from './destination.ts';

/** The study's de-identification key and the pseudonyms (participant and inbox codes) images are stored under. */

/** The study's de-identification key, created (and audited, without its value) on first use. */
export async function imagingSecret(trx: Tx, actor: Actor, studyId: string): Promise<Buffer> {
  const row = await trx
    .selectFrom('imaging_secret')
    .select('hmac_key')
    .where('study_id', '=', studyId)
    .executeTakeFirst();
  if (row) return Buffer.from(row.hmac_key, 'hex');
  const key = randomBytes(32);
  await trx
    .insertInto('imaging_secret')
    .values({ study_id: studyId, hmac_key: key.toString('hex'), created_at: nowIso() })
    .execute();
  await appendAudit(trx, actor, {
    action: 'imaging.secret.create',
    entityType: 'study',
    entityId: studyId,
    after: { algorithm: 'HMAC-SHA-256', bits: 256 },
  });
  return key;
}

/** Inbox codes whose studies were assigned to a participant: inbox code → participant code. */
export async function linkedInboxCodes(db: Kysely<DB>): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('imaging_pseudonym')
    .innerJoin('participant', 'participant.id', 'imaging_pseudonym.participant_id')
    .select(['imaging_pseudonym.code', 'participant.code as participant'])
    .where('imaging_pseudonym.kind', '=', 'inbox')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.participant]));
}

/** Records a pseudonym (participant or inbox code) with its date shift the first time it is used. */
export async function ensurePseudonym(
  trx: Tx,
  pseudonym: InstanceRecord['pseudonym'],
  destination: ImportDestination | null,
  now: string,
): Promise<void> {
  const known = await trx
    .selectFrom('imaging_pseudonym')
    .select('code')
    .where('code', '=', pseudonym.code)
    .executeTakeFirst();
  if (known) return;
  await trx
    .insertInto('imaging_pseudonym')
    .values({
      code: pseudonym.code,
      kind: pseudonym.kind,
      participant_id: pseudonym.kind === 'participant' ? (destination?.participantId ?? null) : null,
      date_shift_days: pseudonym.dateShiftDays,
      created_at: now,
    })
    .execute();
}

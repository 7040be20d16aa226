import type { Kysely } from 'kysely';
import type { AuditEvent } from '../../core/audit/event.ts';
import { listAudit } from '../audit.ts';
import type { DB } from '../schema.ts';
import { getParticipant } from './participants.ts';

/** The records kept about a participant, each under the entity type its audit events name. */
const CHILD_RECORDS = [
  { table: 'consent', entityType: 'consent' },
  { table: 'visit', entityType: 'visit' },
  { table: 'mri_exam', entityType: 'mri_exam' },
  { table: 'form_record', entityType: 'form' },
] as const;

/**
 * The audit history of one participant, in sequence order: the participant itself, its identity (audited under
 * the participant's id), and its consents, visits, MRI exams and forms.
 */
export async function participantAuditTrail(db: Kysely<DB>, code: string): Promise<AuditEvent[]> {
  const participant = await getParticipant(db, code);
  const entities = [
    { entityType: 'participant', entityId: participant.id },
    { entityType: 'identity', entityId: participant.id },
  ];
  for (const { table, entityType } of CHILD_RECORDS) {
    const rows = await db
      .selectFrom(table)
      .select('id')
      .where('participant_id', '=', participant.id)
      .execute();
    entities.push(...rows.map((r) => ({ entityType, entityId: r.id })));
  }
  return listAudit(db, { entities });
}

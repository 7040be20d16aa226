import type { Kysely } from 'kysely';
import { inclusionBlockers, type StoredForm } from '../../core/study/inclusion-rules.ts';
import type { ParticipantStatus } from '../../core/study/participant-status.ts';
import type { Arm } from '../../core/study/protocol.ts';
import type { ScreeningLogEntry } from '../../core/study/records.ts';
import type { DB } from '../schema.ts';

export async function screeningLog(db: Kysely<DB>): Promise<ScreeningLogEntry[]> {
  const participants = await db.selectFrom('participant').selectAll().orderBy('code').execute();
  const forms = await db
    .selectFrom('form_record')
    .select(['participant_id', 'instrument_id', 'status', 'score_json'])
    .execute();
  const consents = await db
    .selectFrom('consent')
    .select('participant_id')
    .where('withdrawn_date', 'is', null)
    .execute();
  const lastChanges = await db
    .selectFrom('participant_status_change')
    .select(['participant_id', 'ordinal', 'reason'])
    .orderBy('ordinal', 'desc')
    .execute();
  return participants.map((p) => {
    const formsOf = new Map<string, StoredForm>(
      forms
        .filter((f) => f.participant_id === p.id)
        .map((f) => [
          f.instrument_id,
          {
            status: f.status,
            score: f.score_json ? (JSON.parse(f.score_json) as Record<string, unknown>) : null,
          },
        ]),
    );
    const status = p.status as ParticipantStatus;
    const undecided = status === 'screening' || status === 'eligible' || status === 'ineligible';
    return {
      code: p.code,
      arm: p.arm as Arm,
      screeningDate: p.screening_date,
      status,
      inclusionDate: p.inclusion_date,
      endDate: p.end_date,
      decisionReason: lastChanges.find((c) => c.participant_id === p.id)?.reason ?? null,
      blockers: undecided
        ? inclusionBlockers({
            arm: p.arm as Arm,
            target: status === 'eligible' ? 'included' : 'eligible',
            consents: consents.filter((c) => c.participant_id === p.id).length,
            forms: formsOf,
          })
        : [],
    };
  });
}

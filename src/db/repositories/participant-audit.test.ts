import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { withTransaction } from '../transaction.ts';
import { addConsent, addExam } from './clinical-records.ts';
import { saveForm } from './forms.ts';
import { writeIdentity } from './identity.ts';
import { participantAuditTrail } from './participant-audit.ts';
import { createParticipant } from './participants.ts';
import { ensureStudy, getStudy } from './study.ts';

const actor: Actor = { userId: null, username: 'tester', role: 'system', requestId: 'test' };

describeEachEngine('participant audit trail', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
    await withTransaction(db, (trx) => ensureStudy(trx, actor, { synthetic: true }));
  });
  afterEach(() => db.close());

  it('gathers the events of the participant and of everything recorded about it, and nobody else’s', async () => {
    const { protocol } = await getStudy(db.kysely);
    const [mine, other] = await withTransaction(db, async (trx) => [
      await createParticipant(trx, actor, { arm: 'ssc', screeningDate: '2026-01-05' }),
      await createParticipant(trx, actor, { arm: 'ssc', screeningDate: '2026-01-06' }),
    ]);
    await withTransaction(db, async (trx) => {
      for (const p of [mine!, other!]) {
        await writeIdentity(trx, actor, p.code, {
          version: 0,
          familyName: 'Martin',
          givenName: 'Anne',
          birthDate: '1970-05-01',
          hospitalRecordNumber: `H-${p.code}`,
        });
        await addConsent(trx, actor, p.code, { consentDate: '2026-01-07', documentVersion: '2.1' });
        await addExam(trx, actor, p.code, protocol, {
          acquiredAt: null,
          hands: 'both',
          scanner: '',
          notes: '',
        });
        await saveForm(
          trx,
          actor,
          protocol,
          { participantCode: p.code, visitCode: 'V1', instrumentId: 'mrss' },
          { version: 0, values: { face: 1 }, status: 'in_progress' },
        );
      }
    });

    const trail = await participantAuditTrail(db.kysely, mine!.code);
    expect(new Set(trail.map((e) => e.entityType))).toEqual(
      new Set(['participant', 'visit', 'identity', 'consent', 'mri_exam', 'form']),
    );
    expect(trail.map((e) => e.seq)).toEqual([...trail.map((e) => e.seq)].sort((x, y) => x - y));
    const otherTrail = await participantAuditTrail(db.kysely, other!.code);
    const mineSeqs = new Set(trail.map((e) => e.seq));
    expect(otherTrail.some((e) => mineSeqs.has(e.seq))).toBe(false);
    expect(trail.length).toBe(otherTrail.length);
  });
});

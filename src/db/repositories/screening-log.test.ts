import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ParticipantStatus } from '../../core/study/participant-status.ts';
import type { Arm } from '../../core/study/protocol.ts';
import type { Participant } from '../../core/study/records.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { openStudyDatabase, passScreening, testActor } from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { addConsent } from './clinical-records.ts';
import { changeParticipantStatus, createParticipant } from './participants.ts';
import { screeningLog } from './screening-log.ts';

describeEachEngine('screening log', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
  });
  afterEach(() => db.close());

  const screen = (arm: Arm) =>
    withTransaction(db, (trx) => createParticipant(trx, testActor, { arm, screeningDate: '2026-01-10' }));
  const decide = (p: Participant, status: ParticipantStatus, reason: string) =>
    withTransaction(db, (trx) =>
      changeParticipantStatus(trx, testActor, p.code, {
        version: p.version,
        status,
        effectiveDate: '2026-01-12',
        reason,
      }),
    );

  it('lists every screened participant with the last decision and what still blocks the next step', async () => {
    await screen('ssc');
    const eligible = await screen('control');
    await passScreening(db, eligible.code, 'control');
    await decide(eligible, 'eligible', 'criteria met');
    const included = await screen('control');
    await passScreening(db, included.code, 'control');
    await withTransaction(db, (trx) =>
      addConsent(trx, testActor, included.code, { consentDate: '2026-01-12', documentVersion: 'v1' }),
    );
    await decide(await decide(included, 'eligible', 'criteria met'), 'included', 'consent signed');

    expect(await screeningLog(db.kysely)).toMatchObject([
      {
        code: 'P-0001',
        arm: 'ssc',
        status: 'screening',
        decisionReason: 'Screening started',
        blockers: [
          { path: 'forms.mri-safety-7t', reason: { kind: 'form_incomplete' } },
          { path: 'forms.acr-eular-2013', reason: { kind: 'form_incomplete' } },
          { path: 'forms.eligibility-ssc', reason: { kind: 'form_incomplete' } },
        ],
      },
      {
        code: 'P-0002',
        status: 'eligible',
        decisionReason: 'criteria met',
        blockers: [{ reason: { kind: 'no_consent' } }],
      },
      {
        code: 'P-0003',
        status: 'included',
        inclusionDate: '2026-01-12',
        decisionReason: 'consent signed',
        blockers: [],
      },
    ]);
  });

  it('counts no withdrawn consent towards inclusion', async () => {
    const p = await screen('control');
    await passScreening(db, p.code, 'control');
    await decide(p, 'eligible', 'criteria met');
    const consent = await withTransaction(db, (trx) =>
      addConsent(trx, testActor, p.code, { consentDate: '2026-01-12', documentVersion: 'v1' }),
    );
    expect((await screeningLog(db.kysely))[0]!.blockers).toEqual([]);
    await db.kysely
      .updateTable('consent')
      .set({ withdrawn_date: '2026-01-13' })
      .where('id', '=', consent.id)
      .execute();
    expect((await screeningLog(db.kysely))[0]!.blockers).toMatchObject([{ reason: { kind: 'no_consent' } }]);
  });

  it('is empty before anyone is screened', async () => {
    expect(await screeningLog(db.kysely)).toEqual([]);
  });
});

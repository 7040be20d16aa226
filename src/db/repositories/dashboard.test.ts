import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { withTransaction } from '../transaction.ts';
import { addExam, updateExam } from './clinical-records.ts';
import { studyDashboard } from './dashboard.ts';
import { saveForm } from './forms.ts';
import { changeParticipantStatus, createParticipant } from './participants.ts';
import { answerQuery, openQuery } from './queries.ts';
import { ensureStudy, getStudy } from './study.ts';

const actor: Actor = { userId: null, username: 'tester', role: 'system', requestId: 'test' };
const NOW = Date.parse('2026-02-01T00:00:00Z');

describeEachEngine('study dashboard', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
    await withTransaction(db, (trx) => ensureStudy(trx, actor, { synthetic: true }));
  });
  afterEach(() => db.close());

  it('counts recruitment by arm and status, acquired exams, overdue readings and unclosed queries', async () => {
    const study = await getStudy(db.kysely);
    const empty = await studyDashboard(db.kysely, study, NOW);
    expect(empty).toMatchObject({ enrolled: 0, examsAcquired: 0, readingsOverdue: 0, openQueries: 0 });
    expect(empty.byArm).toEqual([
      { arm: 'ssc', target: 30, enrolled: 0, inScreening: 0, total: 0 },
      { arm: 'control', target: 20, enrolled: 0, inScreening: 0, total: 0 },
    ]);

    const [a, b, c] = await withTransaction(db, async (trx) => [
      await createParticipant(trx, actor, { arm: 'ssc', screeningDate: '2026-01-05' }),
      await createParticipant(trx, actor, { arm: 'ssc', screeningDate: '2026-01-06' }),
      await createParticipant(trx, actor, { arm: 'control', screeningDate: '2026-01-07' }),
    ]);
    await withTransaction(db, (trx) =>
      changeParticipantStatus(trx, actor, c!.code, {
        version: c!.version,
        status: 'ineligible',
        effectiveDate: '2026-01-08',
        reason: 'Raynaud phenomenon',
      }),
    );
    const exam = (acquiredAt: string | null, code: string) =>
      withTransaction(db, (trx) =>
        addExam(trx, actor, code, study.protocol, { acquiredAt, hands: 'both', scanner: '7T', notes: '' }),
      );
    // Due 7 days after acquisition: overdue on 1 February unless its reading is final (an exam marked complete
    // has no final reading yet, so it still counts); a scheduled exam is not acquired.
    await exam('2026-01-10T09:00:00Z', a!.code);
    const read = await exam('2026-01-12T09:00:00Z', b!.code);
    await withTransaction(db, (trx) =>
      updateExam(trx, actor, read.id, study.protocol, { version: read.version, status: 'complete' }),
    );
    await exam('2026-01-30T09:00:00Z', b!.code);
    await exam(null, a!.code);

    const key = { participantCode: a!.code, visitCode: 'V1', instrumentId: 'mrss' };
    await withTransaction(db, async (trx) => {
      await saveForm(trx, actor, study.protocol, key, {
        version: 0,
        values: { face: 1 },
        status: 'in_progress',
      });
      await openQuery(trx, actor, study.protocol, key, { itemId: 'face', question: 'Left or right?' });
      const answered = await openQuery(trx, actor, study.protocol, key, {
        itemId: 'anterior_chest',
        question: 'Why blank?',
      });
      await answerQuery(trx, actor, answered.id, { version: answered.version, answer: 'Not examined' });
    });

    const dashboard = await studyDashboard(db.kysely, study, NOW);
    expect(dashboard).toMatchObject({
      targetEnrollment: 50,
      enrolled: 0,
      examsAcquired: 3,
      readingsOverdue: 2,
      openQueries: 2,
    });
    expect(dashboard.byArm).toEqual([
      { arm: 'ssc', target: 30, enrolled: 0, inScreening: 2, total: 2 },
      { arm: 'control', target: 20, enrolled: 0, inScreening: 0, total: 1 },
    ]);
    expect(dashboard.byStatus).toMatchObject({ screening: 2, ineligible: 1, included: 0 });
  });
});

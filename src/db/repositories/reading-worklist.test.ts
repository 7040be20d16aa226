import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { withTransaction } from '../transaction.ts';
import { addExam, updateExam } from './clinical-records.ts';
import { createParticipant } from './participants.ts';
import { readingWorklist } from './reading-worklist.ts';
import { ensureStudy, getStudy } from './study.ts';

const actor: Actor = { userId: null, username: 'tester', role: 'system', requestId: 'test' };
const NOW = Date.parse('2026-02-01T00:00:00Z');

describeEachEngine('reading worklist', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
    await withTransaction(db, (trx) => ensureStudy(trx, actor, { synthetic: true }));
  });
  afterEach(() => db.close());

  it('lists acquired exams oldest first with their due date, blinded, leaving read ones out unless asked', async () => {
    const { protocol } = await getStudy(db.kysely);
    const participant = await withTransaction(db, (trx) =>
      createParticipant(trx, actor, { arm: 'ssc', screeningDate: '2026-01-05' }),
    );
    const exam = (acquiredAt: string | null, hands: 'left' | 'both' = 'both') =>
      withTransaction(db, (trx) =>
        addExam(trx, actor, participant.code, protocol, {
          acquiredAt,
          hands,
          scanner: 'Magnetom 7T',
          notes: 'x',
        }),
      );
    const recent = await exam('2026-01-30T09:00:00+01:00', 'left');
    const old = await exam('2026-01-10T09:00:00Z');
    const read = await exam('2026-01-20T09:00:00Z');
    await exam(null);
    await withTransaction(db, (trx) =>
      updateExam(trx, actor, read.id, protocol, { version: read.version, status: 'complete' }),
    );

    const open = await readingWorklist(db.kysely, protocol, 'open', NOW);
    expect(open).toEqual([
      {
        examCode: old.examCode,
        acquiredAt: '2026-01-10T09:00:00Z',
        hands: 'both',
        scanner: 'Magnetom 7T',
        status: 'acquired',
        readingDueAt: '2026-01-17T09:00:00.000Z',
        overdue: true,
      },
      {
        examCode: recent.examCode,
        acquiredAt: '2026-01-30T09:00:00+01:00',
        hands: 'left',
        scanner: 'Magnetom 7T',
        status: 'acquired',
        readingDueAt: '2026-02-06T08:00:00.000Z',
        overdue: false,
      },
    ]);
    const all = await readingWorklist(db.kysely, protocol, 'all', NOW);
    expect(all.map((e) => [e.examCode, e.status, e.overdue])).toEqual([
      [old.examCode, 'acquired', true],
      [read.examCode, 'complete', false],
      [recent.examCode, 'acquired', false],
    ]);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
import type { Actor } from '../actor.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import {
  auditEventCount,
  auditEventsAfter,
  expectAuditChainIntact,
  openStudyDatabase,
  testActor,
} from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { saveForm, type FormKey } from './forms.ts';
import { createParticipant } from './participants.ts';
import { answerQuery, closeQuery, listQueries, openQuery } from './queries.ts';

const protocol = NCT04223817;
const monitor: Actor = { userId: 'u-mon', username: 'monitor', role: 'monitor', requestId: 'r-mon' };
const investigator: Actor = { userId: 'u-inv', username: 'inv', role: 'investigator', requestId: 'r-inv' };

describeEachEngine('data query repository', (engine) => {
  let db: Database;
  let bmi: FormKey;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
    const participant = await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' }),
    );
    bmi = { participantCode: participant.code, visitCode: 'V1', instrumentId: 'bmi' };
  });
  afterEach(() => db.close());

  const saveBmi = () =>
    withTransaction(db, (trx) =>
      saveForm(trx, testActor, protocol, bmi, {
        version: 0,
        values: { weight_kg: 64, height_cm: 160 },
        status: 'complete',
      }),
    );
  const ask = (itemId = 'weight_kg', key = bmi) =>
    withTransaction(db, (trx) =>
      openQuery(trx, monitor, protocol, key, { itemId, question: 'Weighed with shoes on?' }),
    );
  const answer = (id: string, version: number) =>
    withTransaction(db, (trx) => answerQuery(trx, investigator, id, { version, answer: 'No, barefoot' }));
  const close = (id: string, version: number) =>
    withTransaction(db, (trx) => closeQuery(trx, monitor, id, { version, note: 'resolved' }));

  it('raises queries only on a saved form and on one of its items', async () => {
    await expect(ask()).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'instrument', message: 'not started' }],
    });
    await saveBmi();
    await expect(ask('shoe_size')).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'itemId', message: 'one of: weight_kg, height_cm' }],
    });
    await expect(ask('weight_kg', { ...bmi, participantCode: 'P-9999' })).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect(await listQueries(db.kysely)).toEqual([]);
  });

  it('opens a query on an item, audited, and lists it by status, participant and form', async () => {
    const form = await saveBmi();
    const mark = await auditEventCount(db);
    const query = await ask();
    expect(query).toMatchObject({
      formId: form.id,
      participantCode: bmi.participantCode,
      visitCode: 'V1',
      instrumentId: 'bmi',
      itemId: 'weight_kg',
      status: 'open',
      openedBy: 'monitor',
      version: 1,
    });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'query.open', entityType: 'query', entityId: query.id, username: 'monitor', after: query },
    ]);
    expect(
      await listQueries(db.kysely, { status: 'open', participantCode: bmi.participantCode, formId: form.id }),
    ).toEqual([query]);
    expect(await listQueries(db.kysely, { status: 'closed' })).toEqual([]);
    expect(await listQueries(db.kysely, { participantCode: 'P-9999' })).toEqual([]);
  });

  it('is answered by the site and closed by the asker, each step audited with before and after', async () => {
    await saveBmi();
    const query = await ask();
    const mark = await auditEventCount(db);
    const answered = await answer(query.id, 1);
    expect(answered).toMatchObject({
      status: 'answered',
      answer: 'No, barefoot',
      answeredBy: 'inv',
      version: 2,
    });
    const closed = await close(query.id, 2);
    expect(closed).toMatchObject({
      status: 'closed',
      closeNote: 'resolved',
      closedBy: 'monitor',
      version: 3,
    });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'query.answer', before: { status: 'open' }, after: { status: 'answered' }, username: 'inv' },
      {
        action: 'query.close',
        before: { status: 'answered' },
        after: { status: 'closed' },
        username: 'monitor',
      },
    ]);
    await expectAuditChainIntact(db);
  });

  it('changes a closed query no more', async () => {
    await saveBmi();
    const query = await ask();
    await close(query.id, 1);
    await expect(answer(query.id, 2)).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'status' }],
    });
    await expect(close(query.id, 2)).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'status' }] });
    expect((await listQueries(db.kysely))[0]).toMatchObject({ status: 'closed', answer: null, version: 2 });
  });

  it('rejects a stale version and an unknown query, changing nothing', async () => {
    await saveBmi();
    const query = await ask();
    await answer(query.id, 1);
    const mark = await auditEventCount(db);
    await expect(close(query.id, 1)).rejects.toMatchObject({ kind: 'conflict' });
    await expect(answer('no-such-query', 1)).rejects.toMatchObject({ kind: 'not_found' });
    expect((await listQueries(db.kysely))[0]).toMatchObject({ status: 'answered', version: 2 });
    expect(await auditEventCount(db)).toBe(mark);
  });
});

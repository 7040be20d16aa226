import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from './connection.ts';
import { createParticipant, listParticipants } from './repositories/participants.ts';
import { describeEachEngine } from './testing/engines.ts';
import {
  auditEventCount,
  auditEventsAfter,
  expectAuditChainIntact,
  openStudyDatabase,
  testActor,
} from './testing/fixtures.ts';
import { withTransaction } from './transaction.ts';

describeEachEngine('write transactions', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
  });
  afterEach(() => db.close());

  const participantCount = async () => (await listParticipants(db.kysely, { page: 1, pageSize: 50 })).total;

  it('commits a change with its audit events and returns what the work returned', async () => {
    const mark = await auditEventCount(db);
    const created = await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' }),
    );
    expect(created.code).toBe('P-0001');
    expect(await participantCount()).toBe(1);
    expect((await auditEventsAfter(db, mark))[0]).toMatchObject({ action: 'participant.create' });
  });

  it('leaves neither the row nor its audit event when the work fails after writing them', async () => {
    const mark = await auditEventCount(db);
    await expect(
      withTransaction(db, async (trx) => {
        await createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await participantCount()).toBe(0);
    expect(await auditEventCount(db)).toBe(mark);
    await expectAuditChainIntact(db);
  });

  it('serialises concurrent writers, so the audit chain stays intact and codes are allocated once', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withTransaction(db, (trx) =>
          createParticipant(trx, testActor, { arm: i % 2 ? 'ssc' : 'control', screeningDate: '2026-01-10' }),
        ),
      ),
    );
    await expectAuditChainIntact(db);
    expect((await listParticipants(db.kysely, { page: 1, pageSize: 50 })).items.map((p) => p.code)).toEqual(
      Array.from({ length: 12 }, (_, i) => `P-${String(i + 1).padStart(4, '0')}`),
    );
  });
});

import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { appendAudit, listAudit, verifyAuditChain } from './audit.ts';
import type { Database } from './connection.ts';
import { describeEachEngine } from './testing/engines.ts';
import { withTransaction } from './transaction.ts';

const actor: Actor = { userId: 'u-1', username: 'dm', role: 'data_manager', requestId: 'req-1' };

describeEachEngine('audit trail', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
    for (let i = 1; i <= 5; i++) {
      await withTransaction(db, (trx) =>
        appendAudit(trx, actor, {
          action: 'test.write',
          entityType: 'thing',
          entityId: `t${i}`,
          before: { v: i - 1 },
          after: { v: i, nested: { é: 'ü' } },
          reason: i > 1 ? 'why' : null,
        }),
      );
    }
  });
  afterEach(() => db.close());

  it('stores who, when, what, before, after and why, in sequence', async () => {
    const events = await listAudit(db.kysely);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[4]).toMatchObject({
      username: 'dm',
      role: 'data_manager',
      userId: 'u-1',
      requestId: 'req-1',
      before: { v: 4 },
      after: { v: 5, nested: { é: 'ü' } },
      reason: 'why',
    });
    expect(events[4]!.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
  });

  it('verifies an intact chain', async () => {
    expect(await verifyAuditChain(db.kysely)).toEqual({
      valid: true,
      events: 5,
      firstBrokenSeq: null,
      reason: null,
    });
  });

  it('detects an altered row', async () => {
    await sql`update audit_event set after_json = ${'{"v":99}'} where seq = 3`.execute(db.kysely);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('detects a deleted row', async () => {
    await sql`delete from audit_event where seq = 2`.execute(db.kysely);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({
      valid: false,
      firstBrokenSeq: 3,
      reason: 'sequence gap: expected event 2, found 3',
    });
  });

  it('filters by entity and pages by sequence', async () => {
    expect(
      (await listAudit(db.kysely, { entities: [{ entityType: 'thing', entityId: 't2' }] })).map((e) => e.seq),
    ).toEqual([2]);
    expect((await listAudit(db.kysely, { afterSeq: 3, limit: 1 })).map((e) => e.seq)).toEqual([4]);
  });
});

describeEachEngine('audit trail under hostile text', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
  });
  afterEach(() => db.close());

  // Whatever slips past the boundaries, the hash must cover exactly the text the database gives back.
  const HOSTILE = ['\ud800', '\udfff\ud800', 'a\u0000b', 'e\u0301', '🖐🏽🩻', '\uFFFD', 'Z\u0336'];

  it('stays verifiable with lone surrogates, NUL, combining marks and 4-byte emoji in every field', async () => {
    for (const text of HOSTILE) {
      const hostileActor: Actor = { userId: text, username: text, role: 'system', requestId: text };
      await withTransaction(db, (trx) =>
        appendAudit(trx, hostileActor, {
          action: text,
          entityType: text,
          entityId: text,
          before: { [text]: text },
          after: [text],
          reason: text,
        }),
      );
    }
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ valid: true, events: HOSTILE.length });
    const events = await listAudit(db.kysely);
    expect(events[3]!.reason).toBe('e\u0301');
    expect(events[4]!.username).toBe('🖐🏽🩻');
    expect(events[0]!.reason).toBe('\uFFFD');
    expect(events[2]!.entityId).toBe('a\uFFFDb');
  });
});

import { expect } from 'vitest';
import type { AuditEvent } from '../../core/audit/event.ts';
import type { Actor } from '../actor.ts';
import { listAudit, verifyAuditChain } from '../audit.ts';
import type { Database } from '../connection.ts';
import { ensureStudy } from '../repositories/study.ts';
import { withTransaction } from '../transaction.ts';
import type { TestEngine } from './engines.ts';

/** Shared set-up and checks of the repository tests: one study, an actor, and what the audit trail must show. */

export const testActor: Actor = { userId: null, username: 'tester', role: 'system', requestId: 'test' };

/** A fresh database holding the synthetic study NCT04223817 and nothing else. */
export async function openStudyDatabase(engine: TestEngine): Promise<Database> {
  const db = await engine.open();
  await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: true }));
  return db;
}

export async function auditEventCount(db: Database): Promise<number> {
  return (await listAudit(db.kysely)).length;
}

/** The events appended after `seq`, in order: what one operation wrote. */
export async function auditEventsAfter(db: Database, seq: number): Promise<AuditEvent[]> {
  return listAudit(db.kysely, { afterSeq: seq });
}

export async function expectAuditChainIntact(db: Database): Promise<void> {
  expect(await verifyAuditChain(db.kysely)).toMatchObject({ valid: true, firstBrokenSeq: null });
}

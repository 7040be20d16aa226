import type { Kysely } from 'kysely';
import {
  auditEventHash,
  canonicalJson,
  ChainVerifier,
  GENESIS_HASH,
  type ChainedAuditFields,
  type ChainVerification,
} from '../core/audit/hash-chain.ts';
import type { AuditEvent } from '../core/audit/event.ts';
import { storableText } from '../core/text/well-formed.ts';
import type { Actor } from './actor.ts';
import { preparedQuery } from './prepared.ts';
import type { AuditEventTable, DB } from './schema.ts';
import type { Tx } from './transaction.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

const lastEvent = preparedQuery((db) =>
  db.selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1),
);

const insertEvent = preparedQuery((db, row: AuditEventTable) => db.insertInto('audit_event').values(row));

/** Appends one event to the chain. Must run inside the transaction that makes the change it records. */
export async function appendAudit(trx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const [last] = (await lastEvent(trx, {})).rows;
  // The hash must cover exactly what the database will give back: text that has no UTF-8 form is replaced here
  // (the boundaries refuse it first), and JSON payloads are canonical text whose escapes are plain ASCII.
  const text = <T extends string | null>(value: T): T =>
    value === null ? value : (storableText(value) as T);
  const fields: ChainedAuditFields = {
    seq: (last?.seq ?? 0) + 1,
    ts: new Date().toISOString(),
    userId: text(actor.userId),
    username: text(actor.username),
    role: text(actor.role),
    action: text(input.action),
    entityType: text(input.entityType),
    entityId: text(input.entityId),
    beforeJson: input.before === undefined || input.before === null ? null : canonicalJson(input.before),
    afterJson: input.after === undefined || input.after === null ? null : canonicalJson(input.after),
    reason: text(input.reason ?? null),
    requestId: text(actor.requestId),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await insertEvent(trx, { ...toRow(fields), hash: auditEventHash(fields) });
}

function toRow(f: ChainedAuditFields): Omit<AuditEventTable, 'hash'> {
  return {
    seq: f.seq,
    ts: f.ts,
    user_id: f.userId,
    username: f.username,
    role: f.role,
    action: f.action,
    entity_type: f.entityType,
    entity_id: f.entityId,
    before_json: f.beforeJson,
    after_json: f.afterJson,
    reason: f.reason,
    request_id: f.requestId,
    prev_hash: f.prevHash,
  };
}

function chainFields(row: AuditEventTable): ChainedAuditFields & { hash: string } {
  return {
    seq: Number(row.seq),
    ts: row.ts,
    userId: row.user_id,
    username: row.username,
    role: row.role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    reason: row.reason,
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function fromRow(row: AuditEventTable): AuditEvent {
  const f = chainFields(row);
  return {
    seq: f.seq,
    ts: f.ts,
    userId: f.userId,
    username: f.username,
    role: f.role,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    before: f.beforeJson === null ? null : (JSON.parse(f.beforeJson) as unknown),
    after: f.afterJson === null ? null : (JSON.parse(f.afterJson) as unknown),
    reason: f.reason,
    requestId: f.requestId,
    prevHash: f.prevHash,
    hash: f.hash,
  };
}

export interface AuditQuery {
  entities?: readonly { entityType: string; entityId: string }[];
  action?: string | undefined;
  afterSeq?: number;
  limit?: number;
}

export async function listAudit(db: Kysely<DB>, query: AuditQuery = {}): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_event').selectAll().orderBy('seq', 'asc');
  const entities = query.entities;
  if (entities) {
    if (entities.length === 0) return [];
    q = q.where((eb) =>
      eb.or(
        entities.map((e) => eb.and([eb('entity_type', '=', e.entityType), eb('entity_id', '=', e.entityId)])),
      ),
    );
  }
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
  if (query.limit !== undefined) q = q.limit(query.limit);
  const rows = await q.execute();
  return rows.map(fromRow);
}

const VERIFY_PAGE = 5000;

/** Recomputes the whole chain page by page, so a long trail is never held in memory at once. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<ChainVerification> {
  const verifier = new ChainVerifier();
  let afterSeq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(VERIFY_PAGE)
      .execute();
    for (const row of rows) if (verifier.check(chainFields(row))) return verifier.result();
    if (rows.length < VERIFY_PAGE) return verifier.result();
    afterSeq = Number(rows[rows.length - 1]!.seq);
  }
}

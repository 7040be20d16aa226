/** Responses of the audit routes. */
import { z } from 'zod';
import type { AuditEvent } from '../audit/event.ts';
import type { ChainVerification } from '../audit/hash-chain.ts';
import { apiDateTime, count, itemsOf } from './common.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const auditEventSchema = z.strictObject({
  seq: z.number().int().min(1),
  ts: apiDateTime,
  userId: z.string().nullable(),
  username: z.string(),
  role: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  requestId: z.string(),
  prevHash: sha256,
  hash: sha256,
}) satisfies z.ZodType<AuditEvent>;
export type { AuditEvent };

export const auditListSchema = itemsOf(auditEventSchema);
export const auditPageSchema = z.strictObject({
  items: z.array(auditEventSchema),
  /** The `afterSeq` of the next page, or null on the last one. */
  nextAfterSeq: z.number().int().min(1).nullable(),
});

export const chainVerificationSchema = z.strictObject({
  valid: z.boolean(),
  events: count,
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
}) satisfies z.ZodType<ChainVerification>;
export type { ChainVerification };

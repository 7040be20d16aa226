import { z } from 'zod';
import { auditPageSchema, chainVerificationSchema } from '../../core/api/audit.ts';
import { listAudit, verifyAuditChain } from '../../db/audit.ts';
import { defineRoute, type RouteDef } from '../route.ts';

export const auditRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    access: 'audit.read',
    tag: 'audit',
    summary: 'Audit events in sequence order, optionally for one entity or one action; page with afterSeq',
    query: z
      .object({
        entityType: z.string().max(40).optional(),
        entityId: z.string().max(200).optional(),
        action: z.string().max(80).optional(),
        afterSeq: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      })
      .refine((q) => (q.entityType === undefined) === (q.entityId === undefined), {
        message: 'give both entityType and entityId, or neither',
        path: ['entityId'],
      }),
    response: auditPageSchema,
    async handler({ db, query }) {
      const entities =
        query.entityType && query.entityId
          ? [{ entityType: query.entityType, entityId: query.entityId }]
          : undefined;
      const items = await listAudit(db.kysely, {
        entities,
        action: query.action,
        afterSeq: query.afterSeq,
        limit: query.limit,
      });
      return { items, nextAfterSeq: items.length === query.limit ? items[items.length - 1]!.seq : null };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/verify',
    access: 'audit.verify',
    tag: 'audit',
    summary: 'Recompute the hash chain and report the first broken link',
    response: chainVerificationSchema,
    async handler({ db }) {
      return verifyAuditChain(db.kysely);
    },
  }),
];

import type { ChainedAuditFields } from './hash-chain.ts';

/**
 * One audit event as returned: the chained fields with the JSON payloads parsed back into before/after,
 * and the event's own hash.
 */
export type AuditEvent = Omit<ChainedAuditFields, 'beforeJson' | 'afterJson'> & {
  before: unknown;
  after: unknown;
  hash: string;
};

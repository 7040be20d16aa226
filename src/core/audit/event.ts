/** One audit event as stored and returned: who, when, what, before, after, why, and its place in the chain. */
export interface AuditEvent {
  seq: number;
  ts: string;
  userId: string | null;
  username: string;
  role: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string;
  prevHash: string;
  hash: string;
}

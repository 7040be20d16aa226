import type { Role } from '../core/security/roles.ts';

/** Who is doing something, for permission checks and the audit trail. */
export interface Actor {
  userId: string | null;
  username: string;
  role: Role | 'system';
  requestId: string;
}

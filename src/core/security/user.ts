import type { Role } from './roles.ts';

/** A user account as the API returns it (never the password hash). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  version: number;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Responses of the session routes and of the user accounts. */
import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../security/roles.ts';
import type { User } from '../security/user.ts';
import { apiDateTime, itemsOf } from './common.ts';

export const sessionUserSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionSchema = z.strictObject({
  user: sessionUserSchema,
  permissions: z.array(z.enum(PERMISSIONS)).readonly(),
  csrfToken: z.string().min(1),
});
export type Session = z.infer<typeof sessionSchema>;

/** A user account (never the password hash). */
export const userSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  version: z.number().int().min(0),
  createdAt: apiDateTime,
  lastLoginAt: apiDateTime.nullable(),
}) satisfies z.ZodType<User>;
export type { User };
export const userListSchema = itemsOf(userSchema);

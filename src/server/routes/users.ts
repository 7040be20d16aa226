import { z } from 'zod';
import { userListSchema, userSchema } from '../../core/api/session.ts';
import { ROLES } from '../../core/security/roles.ts';
import { createUser, listUsers, updateUser } from '../../db/repositories/users.ts';
import { withTransaction } from '../../db/transaction.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { uuidParams, version } from '../schemas.ts';

const role = z.enum(ROLES, { message: `must be one of: ${ROLES.join(', ')}` });
const displayName = z.string().trim().min(1, 'must not be empty').max(200);

export const userRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    access: 'user.read',
    tag: 'users',
    summary: 'List user accounts',
    response: userListSchema,
    async handler({ db }) {
      return { items: await listUsers(db.kysely) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    access: 'user.manage',
    tag: 'users',
    summary: 'Create a user account',
    body: z.object({ username: z.string().trim().toLowerCase(), displayName, role, password: z.string() }),
    status: 201,
    response: userSchema,
    async handler({ db, actor, body }) {
      return withTransaction(db, (trx) => createUser(trx, actor, body));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/users/:id',
    access: 'user.manage',
    tag: 'users',
    summary: 'Change a user’s name, role, password or active flag (accounts are deactivated, never deleted)',
    params: uuidParams,
    body: z.object({
      version,
      displayName: displayName.optional(),
      role: role.optional(),
      active: z.boolean().optional(),
      password: z.string().optional(),
    }),
    response: userSchema,
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => updateUser(trx, actor, params.id, body));
    },
  }),
];

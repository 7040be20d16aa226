import { z } from 'zod';
import { sessionSchema } from '../../core/api/session.ts';
import { ManusError } from '../../core/errors.ts';
import { decoyHash, verifyPassword } from '../../core/security/password.ts';
import { permissionsOf, type Role } from '../../core/security/roles.ts';
import { findUserRowByUsername, toUser } from '../../db/repositories/users.ts';
import { openSession, revokeSession, type ActiveSession } from '../../db/repositories/sessions.ts';
import { withTransaction } from '../../db/transaction.ts';
import {
  assertLoginAllowed,
  recordFailedLogin,
  recordSuccessfulLogin,
} from '../../services/auth/password-attempts.ts';
import { clearSessionCookie, setSessionCookie } from '../auth.ts';
import { defineRoute, type RouteDef } from '../route.ts';

function sessionView(user: ActiveSession['user'], csrfToken: string) {
  const { id, username, displayName, role } = toUser(user);
  return { user: { id, username, displayName, role }, permissions: permissionsOf(role as Role), csrfToken };
}

export const sessionRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/session',
    access: 'public',
    tag: 'session',
    summary:
      'Log in with username and password; sets the HttpOnly session cookie. Failed logins are limited per account from each client and per client (429 while locked)',
    body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
    response: sessionSchema,
    async handler({ body, db, actor, request, reply }) {
      const username = body.username.trim().toLowerCase();
      const client = request.ip;
      await assertLoginAllowed(db, username, client);
      const user = await findUserRowByUsername(db.kysely, username);
      const ok = await verifyPassword(body.password, user?.password_hash ?? (await decoyHash()));
      if (!user || !ok || user.active !== 1) {
        await recordFailedLogin(db, actor, {
          username,
          client,
          entityId: user?.id ?? `unknown:${username.slice(0, 64)}`,
          reason: !user ? 'unknown username' : !ok ? 'wrong password' : 'account deactivated',
        });
        throw new ManusError('unauthorized', 'Wrong username or password, or the account is deactivated');
      }
      const userActor = {
        userId: user.id,
        username: user.username,
        role: user.role as Role,
        requestId: request.id,
      };
      const opened = await withTransaction(db, async (trx) => {
        await recordSuccessfulLogin(trx, userActor, { username, client, userId: user.id });
        return openSession(trx, userActor, user);
      });
      setSessionCookie(request, reply, opened.token);
      return sessionView(user, opened.csrfToken);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/session',
    access: 'authenticated',
    tag: 'session',
    summary: 'The logged-in user, role, permissions and CSRF token',
    response: sessionSchema,
    async handler({ session }) {
      return sessionView(session!.user, session!.csrfToken);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/session',
    access: 'authenticated',
    tag: 'session',
    summary: 'Log out',
    status: 204,
    async handler({ session, actor, db, reply }) {
      await withTransaction(db, (trx) => revokeSession(trx, actor, session!.sessionId, session!.user.id));
      clearSessionCookie(reply);
      return null;
    },
  }),
];

import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ManusError } from '../core/errors.ts';
import { can, isRole } from '../core/security/roles.ts';
import type { Actor } from '../db/actor.ts';
import type { Database } from '../db/connection.ts';
import { resolveSession, SESSION_MAX_HOURS, type ActiveSession } from '../db/repositories/sessions.ts';
import type { RouteAccess } from './route.ts';

export const SESSION_COOKIE = 'manus_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function anonymousActor(requestId: string): Actor {
  return { userId: null, username: 'anonymous', role: 'system', requestId };
}

export function actorOf(session: ActiveSession, requestId: string): Actor {
  const role = session.user.role;
  if (!isRole(role))
    throw new ManusError('forbidden', `Account ${session.user.username} has an unknown role`);
  return { userId: session.user.id, username: session.user.username, role, requestId };
}

/**
 * Resolves the session cookie and enforces the route's access rule and CSRF:
 * a cookie-authenticated write must echo the session's CSRF token in a header (synchroniser-token pattern).
 */
export async function authorize(
  db: Database,
  request: FastifyRequest,
  access: RouteAccess,
): Promise<{ session: ActiveSession | null; actor: Actor }> {
  const token = request.cookies[SESSION_COOKIE];
  const session = token ? await resolveSession(db.kysely, token) : undefined;
  if (access === 'public') {
    return {
      session: session ?? null,
      actor: session ? actorOf(session, request.id) : anonymousActor(request.id),
    };
  }
  if (!session) throw new ManusError('unauthorized', 'Log in first: no valid session');
  const actor = actorOf(session, request.id);
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
    throw new ManusError(
      'forbidden',
      `Missing or wrong ${CSRF_HEADER} header: send the csrfToken from GET /api/session`,
    );
  }
  if (access !== 'authenticated' && actor.role !== 'system' && !can(actor.role, access)) {
    throw new ManusError('forbidden', `Your role (${actor.role}) does not have the permission ${access}`);
  }
  return { session, actor };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: SESSION_MAX_HOURS * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

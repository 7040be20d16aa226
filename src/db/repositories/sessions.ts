import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import { preparedQuery } from '../prepared.ts';
import type { AppUserTable, DB } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { nowIso } from '../versioning.ts';

/**
 * Sessions live in the database so that several server processes can share one PostgreSQL.
 * Only a SHA-256 of the bearer token is stored: a copy of the database does not yield live sessions.
 */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 12;

const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function openSession(trx: Tx, actor: Actor, user: AppUserTable): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_HOURS * 3600_000).toISOString();
  await trx
    .insertInto('session')
    .values({
      id: tokenId(token),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      revoked_at: null,
    })
    .execute();
  await trx
    .updateTable('app_user')
    .set({ last_login_at: now.toISOString() })
    .where('id', '=', user.id)
    .execute();
  await appendAudit(trx, actor, { action: 'session.login', entityType: 'user', entityId: user.id });
  return { token, csrfToken, expiresAt };
}

export interface ActiveSession {
  sessionId: string;
  csrfToken: string;
  user: AppUserTable;
}

/** Resolves a token to a live session of an active user, sliding the idle timeout forward. */
const sessionWithUser = preparedQuery((db, { id }: { id: string }) =>
  db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select(['session.csrf_token', 'session.expires_at', 'session.last_seen_at', 'session.revoked_at'])
    .where('session.id', '=', id),
);

export async function resolveSession(db: Kysely<DB>, token: string): Promise<ActiveSession | undefined> {
  const id = tokenId(token);
  const [row] = (await sessionWithUser(db, { id })).rows;
  if (!row || row.revoked_at !== null || row.active !== 1) return undefined;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now) return undefined;
  if (Date.parse(row.last_seen_at) + SESSION_IDLE_MINUTES * 60_000 <= now) return undefined;
  // Write the sliding timestamp at most once a minute to keep reads cheap.
  if (now - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable('session').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
  }
  const { csrf_token, expires_at: _e, last_seen_at: _l, revoked_at: _r, ...user } = row;
  return { sessionId: id, csrfToken: csrf_token, user };
}

export async function revokeSession(trx: Tx, actor: Actor, sessionId: string, userId: string): Promise<void> {
  await trx.updateTable('session').set({ revoked_at: nowIso() }).where('id', '=', sessionId).execute();
  await appendAudit(trx, actor, { action: 'session.logout', entityType: 'user', entityId: userId });
}

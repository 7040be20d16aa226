import { ManusError } from '../core/errors.ts';
import { verifyPassword } from '../core/security/password.ts';
import type { Actor } from '../db/actor.ts';
import { appendAudit } from '../db/audit.ts';
import type { Database } from '../db/connection.ts';
import { withTransaction } from '../db/transaction.ts';

/**
 * The electronic signature's re-entered password (21 CFR 11.200): the signer types the login password again; a
 * wrong one is audited as `failure.action` against the user and refused with a field error on `password`.
 */
export async function requireSignaturePassword(
  db: Database,
  actor: Actor,
  password: string,
  failure: { action: string; reason: string; message: string },
): Promise<void> {
  const user = actor.userId
    ? await db.kysely
        .selectFrom('app_user')
        .select(['id', 'password_hash'])
        .where('id', '=', actor.userId)
        .executeTakeFirst()
    : undefined;
  if (!user) throw new ManusError('forbidden', 'Only a logged-in user can sign');
  if (await verifyPassword(password, user.password_hash)) return;
  await withTransaction(db, (trx) =>
    appendAudit(trx, actor, {
      action: failure.action,
      entityType: 'user',
      entityId: user.id,
      reason: failure.reason,
    }),
  );
  throw new ManusError('invalid', failure.message, [
    { path: 'password', message: 'does not match your login password' },
  ]);
}

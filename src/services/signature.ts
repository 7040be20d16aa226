import { ManusError } from '../core/errors.ts';
import { verifyPassword } from '../core/security/password.ts';
import type { Actor } from '../db/actor.ts';
import { appendAudit } from '../db/audit.ts';
import type { Database } from '../db/connection.ts';
import { withTransaction } from '../db/transaction.ts';
import {
  assertSignatureAllowed,
  clearFailedSignatures,
  countFailedSignature,
} from './auth/password-attempts.ts';

/**
 * The electronic signature's re-entered password (21 CFR 11.200): the signer types the login password again; a
 * wrong one is audited as `failure.action` against the user and refused with a field error on `password`. Wrong
 * passwords are limited per signer like logins (`auth/password-attempts.ts`): past the limit, 429 until the lock
 * ends, without checking the password.
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
  await assertSignatureAllowed(db, user.id);
  if (await verifyPassword(password, user.password_hash)) {
    await clearFailedSignatures(db, user.id);
    return;
  }
  await withTransaction(db, async (trx) => {
    const locked = await countFailedSignature(trx, user.id);
    await appendAudit(trx, actor, {
      action: failure.action,
      entityType: 'user',
      entityId: user.id,
      reason: locked ? `${failure.reason}; signing locked after repeated wrong passwords` : failure.reason,
    });
  });
  throw new ManusError('invalid', failure.message, [
    { path: 'password', code: 'mismatch', message: 'does not match your login password' },
  ]);
}

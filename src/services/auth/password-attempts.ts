import { ManusError } from '../../core/errors.ts';
import { THROTTLE_RULES, type ThrottleState } from '../../core/security/attempt-throttle.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import {
  clearThrottle,
  countThrottleFailure,
  findThrottle,
  saveThrottle,
  throttleWaitMs,
} from '../../db/repositories/auth-throttle.ts';
import type { Database } from '../../db/connection.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';

/**
 * Failed password checks, limited and counted in the database (shared by every server): logins per account from
 * each client and per client over all accounts, and e-signature re-entry per signer. The audit trail gets the
 * first failed login of each account's window at once, the window's count when it closes (at the account's next
 * failure after it, or its next successful login), and every lock; the other failures are counted, not appended.
 */

/** How long an account's failed logins are gathered into one audit count. */
export const LOGIN_AUDIT_WINDOW_MS = THROTTLE_RULES.accountFromClient.windowMs;

const keys = {
  accountFromClient: (username: string, client: string) => `login:account-client:${username}|${client}`,
  client: (client: string) => `login:client:${client}`,
  accountWindow: (username: string) => `login:account-window:${username}`,
  signature: (userId: string) => `signature:${userId}`,
};

function tooMany(waitMs: number, what: string): ManusError {
  const seconds = Math.ceil(waitMs / 1000);
  return new ManusError('rate_limited', `Too many wrong passwords ${what}: try again in ${seconds} s`);
}

/** Refuses a login attempt, before its password is checked, while the account or the client is locked. */
export async function assertLoginAllowed(db: Database, username: string, client: string): Promise<void> {
  const wait = await throttleWaitMs(
    db.kysely,
    [keys.accountFromClient(username, client), keys.client(client)],
    Date.now(),
  );
  if (wait > 0) throw tooMany(wait, 'from this computer');
}

export interface FailedLogin {
  username: string;
  client: string;
  /** The account's id, or `unknown:<name>` when no account has this name. */
  entityId: string;
  reason: string;
}

/** The count of a closed window of failed logins, appended when that window is over. */
async function auditClosedWindow(
  trx: Tx,
  actor: Actor,
  entityId: string,
  window: ThrottleState,
): Promise<void> {
  if (window.failures <= 1) return; // the first failure is already in the trail
  await appendAudit(trx, actor, {
    action: 'session.login_failures_counted',
    entityType: 'user',
    entityId,
    after: {
      failures: window.failures,
      from: new Date(window.windowStart).toISOString(),
      lastAt: new Date(window.lastFailureAt).toISOString(),
    },
  });
}

/** Counts a failed login against every limit, audits it as described above, and locks what reached its limit. */
export async function recordFailedLogin(db: Database, actor: Actor, failed: FailedLogin): Promise<void> {
  const now = Date.now();
  await withTransaction(db, async (trx) => {
    const windowKey = keys.accountWindow(failed.username);
    const window = await findThrottle(trx, windowKey);
    if (window && now - window.windowStart < LOGIN_AUDIT_WINDOW_MS && window.failures > 0) {
      await saveThrottle(trx, windowKey, { ...window, failures: window.failures + 1, lastFailureAt: now });
    } else {
      if (window) await auditClosedWindow(trx, actor, failed.entityId, window);
      await saveThrottle(trx, windowKey, {
        windowStart: now,
        failures: 1,
        lockedUntil: null,
        locks: 0,
        lastFailureAt: now,
      });
      await appendAudit(trx, actor, {
        action: 'session.login_failed',
        entityType: 'user',
        entityId: failed.entityId,
        reason: `${failed.reason} (first failure of a ${LOGIN_AUDIT_WINDOW_MS / 60_000}-minute window: later ones are counted)`,
      });
    }
    const account = await countThrottleFailure(
      trx,
      keys.accountFromClient(failed.username, failed.client),
      THROTTLE_RULES.accountFromClient,
      now,
    );
    const client = await countThrottleFailure(trx, keys.client(failed.client), THROTTLE_RULES.client, now);
    for (const [locked, entityType, entityId, state] of [
      [account.locked, 'user', failed.entityId, account.state],
      [client.locked, 'client', failed.client, client.state],
    ] as const) {
      if (!locked) continue;
      await appendAudit(trx, actor, {
        action: 'session.login_locked',
        entityType,
        entityId,
        after: {
          client: failed.client,
          lockedUntil: new Date(state.lockedUntil!).toISOString(),
          locksInARow: state.locks,
        },
      });
    }
  });
}

/** After a correct password, in the session's transaction: the account's count is closed and its backoff reset. */
export async function recordSuccessfulLogin(
  trx: Tx,
  actor: Actor,
  login: { username: string; client: string; userId: string },
): Promise<void> {
  const windowKey = keys.accountWindow(login.username);
  const window = await findThrottle(trx, windowKey);
  if (window && window.failures > 0) {
    await auditClosedWindow(trx, actor, login.userId, window);
    await clearThrottle(trx, windowKey);
  }
  await clearThrottle(trx, keys.accountFromClient(login.username, login.client));
}

/** Refuses a signature, before its password is checked, while the signer is locked. */
export async function assertSignatureAllowed(db: Database, userId: string): Promise<void> {
  const wait = await throttleWaitMs(db.kysely, [keys.signature(userId)], Date.now());
  if (wait > 0) throw tooMany(wait, 'for a signature');
}

/** Counts a wrong signature password in the caller's transaction; says whether it locked the signer. */
export async function countFailedSignature(trx: Tx, userId: string): Promise<boolean> {
  return (await countThrottleFailure(trx, keys.signature(userId), THROTTLE_RULES.signature, Date.now()))
    .locked;
}

/** After a correct signature password: the signer's count and backoff start afresh (a write only if needed). */
export async function clearFailedSignatures(db: Database, userId: string): Promise<void> {
  const state = await findThrottle(db.kysely, keys.signature(userId));
  if (state && (state.failures > 0 || state.locks > 0))
    await withTransaction(db, (trx) => clearThrottle(trx, keys.signature(userId)));
}

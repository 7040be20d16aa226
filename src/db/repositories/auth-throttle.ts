import type { Kysely } from 'kysely';
import {
  afterFailure,
  lockRemainingMs,
  type ThrottleRule,
  type ThrottleState,
} from '../../core/security/attempt-throttle.ts';
import type { AuthThrottleTable, DB } from '../schema.ts';
import type { Tx } from '../transaction.ts';

/**
 * The stored counters of failed password checks, one row per key (see `core/security/attempt-throttle.ts` for
 * the rules). Callers write inside `withTransaction`, which serialises writers on both engines, so two servers
 * counting the same key never lose a failure.
 */

const toState = (row: AuthThrottleTable): ThrottleState => ({
  windowStart: Date.parse(row.window_start),
  failures: Number(row.failures),
  lockedUntil: row.locked_until === null ? null : Date.parse(row.locked_until),
  locks: Number(row.locks),
  lastFailureAt: Date.parse(row.last_failure_at),
});

const iso = (ms: number): string => new Date(ms).toISOString();

export async function findThrottle(db: Kysely<DB>, key: string): Promise<ThrottleState | undefined> {
  const row = await db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? toState(row) : undefined;
}

export async function saveThrottle(trx: Tx, key: string, state: ThrottleState): Promise<void> {
  const values = {
    window_start: iso(state.windowStart),
    failures: state.failures,
    locked_until: state.lockedUntil === null ? null : iso(state.lockedUntil),
    locks: state.locks,
    last_failure_at: iso(state.lastFailureAt),
  };
  await trx
    .insertInto('auth_throttle')
    .values({ key, ...values })
    .onConflict((conflict) => conflict.column('key').doUpdateSet(values))
    .execute();
}

/** The longest time any of the keys must still wait, in milliseconds (0: none is locked). */
export async function throttleWaitMs(db: Kysely<DB>, keys: readonly string[], now: number): Promise<number> {
  const rows = await db.selectFrom('auth_throttle').selectAll().where('key', 'in', keys).execute();
  return Math.max(0, ...rows.map((row) => lockRemainingMs(toState(row), now)));
}

/** Counts one failure against the key; says whether it locked the key, and until when. */
export async function countThrottleFailure(
  trx: Tx,
  key: string,
  rule: ThrottleRule,
  now: number,
): Promise<{ locked: boolean; state: ThrottleState }> {
  const next = afterFailure(await findThrottle(trx, key), rule, now);
  await saveThrottle(trx, key, next.state);
  return next;
}

/** After a correct password: the key starts afresh (no failures, no backoff). */
export async function clearThrottle(trx: Tx, key: string): Promise<void> {
  await trx
    .updateTable('auth_throttle')
    .set({ failures: 0, locked_until: null, locks: 0 })
    .where('key', '=', key)
    .execute();
}

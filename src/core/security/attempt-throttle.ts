/**
 * Limits on password guessing (logins and e-signature re-entry), as pure rules over a stored counter so that every
 * server sharing the database applies the same limits. A counter counts failures in a fixed window; reaching the
 * rule's maximum locks the counter's key for a while that doubles with each lock in a row (exponential backoff)
 * and is capped, and a key that stays quiet long enough starts again from the shortest lock. A lock always ends, so
 * a stranger cannot shut a user out for good; and the per-account limit is kept per client, so a stranger's
 * guesses do not lock the real user out of their own workstation at all.
 */

export interface ThrottleRule {
  /** Failures allowed within one window; the next one is refused until the lock ends. */
  maxFailures: number;
  windowMs: number;
  /** The first lock; each further lock in a row doubles it, up to maxLockMs. */
  baseLockMs: number;
  maxLockMs: number;
  /** After this long without a failure, the backoff starts from baseLockMs again. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;

export const THROTTLE_RULES = {
  /** Guesses at one account from one client (IP address). */
  accountFromClient: {
    maxFailures: 5,
    windowMs: 15 * MINUTE,
    baseLockMs: MINUTE,
    maxLockMs: 60 * MINUTE,
    forgetAfterMs: 24 * 60 * MINUTE,
  },
  /** Guesses from one client over every account name (password spraying). */
  client: {
    maxFailures: 30,
    windowMs: 15 * MINUTE,
    baseLockMs: 5 * MINUTE,
    maxLockMs: 60 * MINUTE,
    forgetAfterMs: 24 * 60 * MINUTE,
  },
  /** Wrong passwords re-entered to sign, per user (their session is already open). */
  signature: {
    maxFailures: 5,
    windowMs: 15 * MINUTE,
    baseLockMs: MINUTE,
    maxLockMs: 60 * MINUTE,
    forgetAfterMs: 24 * 60 * MINUTE,
  },
} as const satisfies Record<string, ThrottleRule>;

export interface ThrottleState {
  windowStart: number;
  failures: number;
  lockedUntil: number | null;
  /** Locks in a row, for the backoff. */
  locks: number;
  lastFailureAt: number;
}

/** Milliseconds until the key may try again (0: it may). */
export function lockRemainingMs(state: ThrottleState | undefined, now: number): number {
  return state?.lockedUntil != null && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

/** The counter after one more failure at `now`, and whether that failure locked the key. */
export function afterFailure(
  state: ThrottleState | undefined,
  rule: ThrottleRule,
  now: number,
): { state: ThrottleState; locked: boolean } {
  const forgotten = !state || now - state.lastFailureAt >= rule.forgetAfterMs;
  const locks = forgotten ? 0 : state.locks;
  const inWindow = state !== undefined && now - state.windowStart < rule.windowMs;
  const failures = (inWindow ? state.failures : 0) + 1;
  const windowStart = inWindow ? state.windowStart : now;
  if (failures < rule.maxFailures)
    return { state: { windowStart, failures, lockedUntil: null, locks, lastFailureAt: now }, locked: false };
  const lockMs = Math.min(rule.baseLockMs * 2 ** locks, rule.maxLockMs);
  // The window starts again when the lock ends: the key gets its full allowance back, no more.
  return {
    state: {
      windowStart: now + lockMs,
      failures: 0,
      lockedUntil: now + lockMs,
      locks: locks + 1,
      lastFailureAt: now,
    },
    locked: true,
  };
}

import { describe, expect, it } from 'vitest';
import { afterFailure, lockRemainingMs, type ThrottleRule, type ThrottleState } from './attempt-throttle.ts';

const rule: ThrottleRule = {
  maxFailures: 3,
  windowMs: 1000,
  baseLockMs: 100,
  maxLockMs: 350,
  forgetAfterMs: 5000,
};

function fail(times: number, from: ThrottleState | undefined, at: number) {
  let state = from;
  let locked = false;
  for (let i = 0; i < times; i++) ({ state, locked } = afterFailure(state, rule, at));
  return { state: state!, locked };
}

describe('attempt throttle', () => {
  it('locks at the maximum within a window, then gives the full allowance back when the lock ends', () => {
    const two = fail(2, undefined, 0);
    expect(two).toMatchObject({ locked: false, state: { failures: 2, lockedUntil: null } });
    const third = afterFailure(two.state, rule, 10);
    expect(third.locked).toBe(true);
    expect(lockRemainingMs(third.state, 10)).toBe(100);
    expect(lockRemainingMs(third.state, 110)).toBe(0);
    expect(fail(2, third.state, 120)).toMatchObject({ locked: false, state: { failures: 2 } });
  });

  it('forgets failures older than the window', () => {
    const two = fail(2, undefined, 0);
    expect(afterFailure(two.state, rule, 1000)).toMatchObject({ locked: false, state: { failures: 1 } });
  });

  it('doubles each lock in a row up to the cap, and starts again after a quiet spell', () => {
    let state: ThrottleState | undefined;
    let now = 0;
    const locks: number[] = [];
    for (let i = 0; i < 4; i++) {
      state = fail(3, state, now).state;
      locks.push(lockRemainingMs(state, now));
      now = state.lockedUntil!;
    }
    expect(locks).toEqual([100, 200, 350, 350]);
    const quiet = fail(3, state, now + 5000).state;
    expect(lockRemainingMs(quiet, now + 5000)).toBe(100);
  });
});

import { describe, expect, it } from 'vitest';
import { isLongEnoughPassword, isValidUsername, MIN_PASSWORD_LENGTH } from './account-rules.ts';

describe('usernames', () => {
  it('accepts 1 to 63 lower-case letters, digits, dots, underscores and hyphens', () => {
    for (const name of ['a', '7', 'jdoe', 'j.doe', 'j_doe', 'j-doe', 'radiologist2', 'a'.repeat(63)]) {
      expect(isValidUsername(name), name).toBe(true);
    }
  });

  it('refuses empty, over-long, upper-case, spaced or symbol-led names', () => {
    for (const name of ['', 'a'.repeat(64), 'JDoe', 'j doe', '.jdoe', '-jdoe', '_jdoe', 'jdoe@chu', 'jdoé']) {
      expect(isValidUsername(name), name).toBe(false);
    }
  });
});

describe('passwords', () => {
  it(`need at least ${MIN_PASSWORD_LENGTH} characters`, () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(isLongEnoughPassword('x'.repeat(11))).toBe(false);
    expect(isLongEnoughPassword('x'.repeat(12))).toBe(true);
  });
});

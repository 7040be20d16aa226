import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_SCORE, passwordStrength } from './password-strength.ts';

describe('password strength (zxcvbn-ts)', () => {
  it('refuses common and breached-style passwords of an acceptable length', async () => {
    for (const weak of ['Password1234!', 'qwertyuiop123', 'aaaaaaaaaaaa', 'iloveyou2024'])
      expect((await passwordStrength(weak, [])).acceptable, weak).toBe(false);
  });

  it('refuses common French passwords, which the English dictionaries alone scored acceptable', async () => {
    for (const weak of ['Printemps2024', 'soleilcouchant', 'mamanjetaime', 'Mercredi2024!'])
      expect((await passwordStrength(weak, [])).acceptable, weak).toBe(false);
  });

  it("counts the account's own names against it", async () => {
    const alone = await passwordStrength('jdupont19840', []);
    const own = await passwordStrength('jdupont19840', ['jdupont', 'Jeanne Dupont']);
    expect(own.score).toBeLessThan(alone.score);
    expect(own.acceptable).toBe(false);
    expect(own.warning).toBe('userInputs');
  });

  it('accepts passphrases and random strings, at the stated minimum score', async () => {
    for (const strong of ['violet tractor mango seventeen', 'xK9#mQ2$vL7p']) {
      const result = await passwordStrength(strong, ['admin']);
      expect(result.score, strong).toBeGreaterThanOrEqual(MIN_PASSWORD_SCORE);
      expect(result.acceptable).toBe(true);
    }
  });

  it('gives feedback as zxcvbn keys with their English wording', async () => {
    const result = await passwordStrength('Password1234!', []);
    expect(result.warning).toBe('similarToCommon');
    expect(result.english.warning).toBe('This is similar to a commonly used password.');
    expect(result.suggestions.length).toBe(result.english.suggestions.length);
  });
});

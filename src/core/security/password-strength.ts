import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * How hard a new password is to guess, by zxcvbn-ts (pattern matching against common and breached passwords,
 * English and French words, names and Wikipedia titles, keyboard patterns, dates, repeats, l33t and the user's own
 * names): the study's users are French, and their passwords are built from French words. Browser-safe:
 * the web form shows the same score and feedback as the server enforces. The dictionaries (several MB) are loaded
 * on first use, so a command or page that does not set a password never pays for them. No network check (Have I
 * Been Pwned) is made: the study server may have no Internet access.
 */

/**
 * zxcvbn's score 3, "safely unguessable" (at least 10^8 guesses): with scrypt hashes that is beyond an offline
 * attack on a stolen database within a study's lifetime, and score 4 would refuse good passphrases of common words.
 */
export const MIN_PASSWORD_SCORE = 3;
export const MAX_PASSWORD_SCORE = 4;

/** zxcvbn-ts feedback keys (`warnings.*`, `suggestions.*`): the web translates them, the server writes English. */
export interface PasswordStrength {
  score: number;
  acceptable: boolean;
  warning: string | null;
  suggestions: string[];
  /** The same feedback in English, for the server's error message, the CLI and logs. */
  english: { warning: string | null; suggestions: string[] };
}

interface Estimator {
  zxcvbn: ZxcvbnFactory;
  english: { warnings: Record<string, string>; suggestions: Record<string, string> };
}

let estimator: Promise<Estimator> | undefined;

async function loadEstimator(): Promise<Estimator> {
  const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-fr'),
  ]);
  return {
    // Levenshtein matching is off: it makes a check take seconds instead of tens of milliseconds.
    zxcvbn: new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
      graphs: common.adjacencyGraphs,
    }),
    english: en.translations,
  };
}

/**
 * Scores a password; `personal` holds what an attacker would try first for this account (username, display name),
 * and the study's own words are always added.
 */
export async function passwordStrength(
  password: string,
  personal: readonly string[],
): Promise<PasswordStrength> {
  estimator ??= loadEstimator();
  const { zxcvbn, english } = await estimator;
  // Whole ("inv.martin") and in parts ("inv", "martin"), as a user may type either.
  const words = personal
    .map((text) => text.toLowerCase())
    .flatMap((text) => [text, ...text.split(/[^\p{L}\p{N}]+/u)])
    .filter(Boolean);
  const result = zxcvbn.check(password, [...words, 'manus', 'poitiers', 'sclerosis', 'scleroderma', 'mri']);
  const { warning, suggestions } = result.feedback;
  return {
    score: result.score,
    acceptable: result.score >= MIN_PASSWORD_SCORE,
    warning: warning ?? null,
    suggestions,
    english: {
      warning: warning ? (english.warnings[warning] ?? warning) : null,
      suggestions: suggestions.map((key) => english.suggestions[key] ?? key),
    },
  };
}

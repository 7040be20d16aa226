/**
 * The rules a user account must meet, enforced by the server and checked by the web form as the user types.
 * Browser-safe on purpose (no Node imports): the hashing that needs `node:crypto` lives in `password.ts`.
 */

/**
 * 1 to 63 characters: lower-case letters, digits, dot, underscore and hyphen, starting with a letter or digit
 * (so that a username is also a safe file and log token).
 */
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The shortest password accepted, in UTF-16 code units as the form counts them. */
export const MIN_PASSWORD_LENGTH = 12;

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}

export function isLongEnoughPassword(password: string): boolean {
  return password.length >= MIN_PASSWORD_LENGTH;
}

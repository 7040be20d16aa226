import { createHmac } from 'node:crypto';

/**
 * Pseudonyms and date shifts derived from the study secret, so that every worker computes the same ones without
 * asking the database, and re-importing a file reproduces it byte for byte (idempotent imports).
 */

const hmac = (secret: Uint8Array, purpose: string, value: string): Buffer =>
  createHmac('sha256', secret).update(`${purpose}\0${value}`, 'utf8').digest();

/** Shifts lie between −1095 and −30 days: far enough to hide the real dates, never zero. */
export function dateShiftDays(secret: Uint8Array, pseudonym: string): number {
  return -(30 + (hmac(secret, 'date-shift', pseudonym).readUInt32BE(0) % 1066));
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The inbox code of files imported without a participant: one per original patient (ID, name and birth date as
 * found), so a patient's files stay together until someone assigns them to an exam. The code reveals nothing.
 */
export function inboxCode(secret: Uint8Array, originalPatient: string): string {
  const digest = hmac(secret, 'inbox', originalPatient);
  return `U-${Array.from(digest.subarray(0, 10), (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

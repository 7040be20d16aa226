/**
 * Retain Longitudinal Temporal Information with Modified Dates (PS3.15 E.3.6): every date moves by the same
 * per-participant number of whole days, so intervals between a participant's exams are kept exactly. The shift is
 * whole days, so a TM value's time of day is unchanged by it, and a DA/TM pair and its DT twin stay consistent.
 */

const DAY_MS = 86_400_000;

function shiftYmd(ymd: string, days: number): string | undefined {
  if (!/^\d{8}$/.test(ymd)) return undefined;
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    return undefined;
  const shifted = new Date(ms + days * DAY_MS);
  const year = shifted.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  return `${String(year).padStart(4, '0')}${String(shifted.getUTCMonth() + 1).padStart(2, '0')}${String(shifted.getUTCDate()).padStart(2, '0')}`;
}

/**
 * Shifts one DA or DT value (several values separated by backslashes). Returns undefined for a value that cannot
 * be shifted (malformed, or a DT with less than a full date): the caller empties it rather than leak it unshifted.
 */
export function shiftDateValue(vr: 'DA' | 'DT', text: string, days: number): string | undefined {
  const out: string[] = [];
  for (const raw of text.split('\\')) {
    const value = raw.trim();
    if (value === '') {
      out.push('');
      continue;
    }
    if (vr === 'DA') {
      // Retired ACR-NEMA form "YYYY.MM.DD" is still met in old archives.
      const shifted = shiftYmd(value.replace(/^(\d{4})\.(\d{2})\.(\d{2})$/, '$1$2$3'), days);
      if (!shifted) return undefined;
      out.push(shifted);
    } else {
      const match = /^(\d{8})(.*)$/.exec(value);
      const shifted = match ? shiftYmd(match[1]!, days) : undefined;
      if (!shifted) return undefined;
      out.push(`${shifted}${match![2]}`);
    }
  }
  return out.join('\\');
}

/** PatientAge (AS) from the birth date and the study date, for when the scanner did not record it. */
export function ageString(birth: string, on: string): string | undefined {
  if (!/^\d{8}$/.test(birth) || !/^\d{8}$/.test(on)) return undefined;
  let years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  if (on.slice(4) < birth.slice(4)) years -= 1;
  if (years < 0 || years > 999) return undefined;
  return `${String(years).padStart(3, '0')}Y`;
}

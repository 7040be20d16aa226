/**
 * When an exam's final reading is due: the acquisition time plus `readingDeadlineDays` calendar days in the site's
 * time zone, at the same local wall-clock time, so a scan at 18:00 on the Friday before a DST change is due at 18:00
 * a week later, not at 17:00 or 19:00. Computed with Intl.DateTimeFormat only (no Temporal in Node 20).
 *
 * Local times that do not exist (the spring gap) or exist twice (the autumn overlap) are resolved as Temporal's
 * `disambiguation: 'compatible'` does: a skipped time moves forward by the gap, a repeated time takes the earlier
 * instant.
 */
import type { StudyProtocol } from './protocol.ts';

/** The study's site (Poitiers University Hospital). */
export const STUDY_TIME_ZONE = 'Europe/Paris';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time at an instant in the zone, as if it were UTC (milliseconds), whole seconds. */
function wallClock(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year, month, day, hour, minute, second } = parts as Record<string, number>;
  return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at an instant, in milliseconds (sub-second part of the instant ignored). */
const offsetAt = (epochMs: number, timeZone: string): number => {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
};

/** The instant a local wall-clock time (given as if UTC) names in the zone; see the file comment for gaps/overlaps. */
export function instantOfWallClock(wall: number, timeZone: string): number {
  const day = 86_400_000;
  const before = offsetAt(wall - day, timeZone);
  const after = offsetAt(wall + day, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => wallClock(t, timeZone) === Math.floor(wall / 1000) * 1000)
    .sort((x, y) => x - y);
  // In a gap no offset fits: the offset in force before the transition carries the time forward past it.
  return candidates[0] ?? wall - before;
}

export interface DeadlineRule {
  readingDeadlineDays: StudyProtocol['readingDeadlineDays'];
}

/**
 * The due time (ISO 8601, UTC) of the final reading of an exam acquired at `acquiredAtIso`: same local time,
 * `readingDeadlineDays` calendar days later in the site's zone. (Adding UTC days would be an hour off across a DST
 * change.)
 */
export function readingDueAt(
  acquiredAtIso: string,
  protocol: DeadlineRule,
  timeZone = STUDY_TIME_ZONE,
): string {
  const acquired = Date.parse(acquiredAtIso);
  if (Number.isNaN(acquired)) throw new RangeError(`Not a date-time: ${acquiredAtIso}`);
  const subSecond = acquired - Math.floor(acquired / 1000) * 1000;
  const wall = wallClock(acquired, timeZone) + protocol.readingDeadlineDays * 86_400_000;
  return new Date(instantOfWallClock(wall, timeZone) + subSecond).toISOString();
}

/**
 * Where an exam's reading stands. A scheduled exam (no acquisition time, or status `scheduled`) owes no reading; a
 * reading is finished when it has a final reading (a finalisation time, or the status `final`) or the exam was
 * marked `complete`.
 */
export interface ReadingClock {
  acquiredAt: string | null;
  finalizedAt?: string | null;
  status?: string;
  now: Date | string | number;
}

const owesReading = (clock: ReadingClock): clock is ReadingClock & { acquiredAt: string } =>
  clock.acquiredAt !== null && clock.status !== 'scheduled';
const isFinished = (clock: ReadingClock): boolean =>
  Boolean(clock.finalizedAt) || clock.status === 'final' || clock.status === 'complete';
const millisecondsLeft = (
  clock: ReadingClock & { acquiredAt: string },
  protocol: DeadlineRule,
  timeZone: string,
): number => Date.parse(readingDueAt(clock.acquiredAt, protocol, timeZone)) - new Date(clock.now).getTime();

/** Not finished and past its due time. */
export function isReadingOverdue(
  clock: ReadingClock,
  protocol: DeadlineRule,
  timeZone = STUDY_TIME_ZONE,
): boolean {
  return owesReading(clock) && !isFinished(clock) && millisecondsLeft(clock, protocol, timeZone) < 0;
}

/** Not finished, not yet overdue, and due within the next `hours` (the dashboard's "due within 48 h"). */
export function isDueWithin(
  clock: ReadingClock,
  hours: number,
  protocol: DeadlineRule,
  timeZone = STUDY_TIME_ZONE,
): boolean {
  if (!owesReading(clock) || isFinished(clock)) return false;
  const left = millisecondsLeft(clock, protocol, timeZone);
  return left >= 0 && left <= hours * 3_600_000;
}

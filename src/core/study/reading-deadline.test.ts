import { describe, expect, it } from 'vitest';
import { NCT04223817 } from './protocol.ts';
import { isDueWithin, isReadingOverdue, readingDueAt } from './reading-deadline.ts';

const due = (acquiredAt: string) => readingDueAt(acquiredAt, NCT04223817);

describe('readingDueAt (Europe/Paris, 7 days)', () => {
  it('keeps the local time across the spring change (29 March 2026): 10:00 CET is due 10:00 CEST', () => {
    expect(due('2026-03-22T09:00:00.000Z')).toBe('2026-03-29T08:00:00.000Z');
  });

  it('keeps the local time across the autumn change (25 October 2026): 10:00 CEST is due 10:00 CET', () => {
    expect(due('2026-10-18T08:00:00.000Z')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('counts calendar days in Paris for a scan late in the evening, when the UTC date is already the next', () => {
    // 23:30 CET on Sunday 22 March is due 23:30 CEST on Sunday 29 March.
    expect(due('2026-03-22T22:30:00.000Z')).toBe('2026-03-29T21:30:00.000Z');
    // 00:30 CET on Monday 23 March (still 22 March in UTC) is due 00:30 CEST on Monday 30 March.
    expect(due('2026-03-22T23:30:00.000Z')).toBe('2026-03-29T22:30:00.000Z');
    // 23:45 CEST on 18 October is due 23:45 CET on 25 October.
    expect(due('2026-10-18T21:45:00.000Z')).toBe('2026-10-25T22:45:00.000Z');
  });

  it('moves a due time that falls in the spring gap forward by the gap, and takes the earlier of a repeated one', () => {
    // 02:30 on 29 March does not exist in Paris: 03:30 CEST.
    expect(due('2026-03-22T01:30:00.000Z')).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on 25 October happens twice: the first, in CEST.
    expect(due('2026-10-18T00:30:00.000Z')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('is seven times 24 hours away when no change intervenes, to the millisecond', () => {
    expect(due('2026-07-01T12:34:56.789Z')).toBe('2026-07-08T12:34:56.789Z');
    expect(due('2026-01-31T16:00:00+01:00')).toBe('2026-02-07T15:00:00.000Z');
  });

  it('follows the zone it is given', () => {
    // New York changes on 8 March 2026: 09:00 EST on 1 March is due 09:00 EDT.
    expect(readingDueAt('2026-03-01T14:00:00.000Z', NCT04223817, 'America/New_York')).toBe(
      '2026-03-08T13:00:00.000Z',
    );
  });

  it('refuses a time that is not one', () => {
    expect(() => due('yesterday')).toThrow(RangeError);
  });
});

describe('overdue and due soon', () => {
  const acquiredAt = '2026-03-22T09:00:00.000Z'; // due 2026-03-29T08:00:00Z
  it('is overdue only after the due time and only while no reading is final', () => {
    expect(isReadingOverdue({ acquiredAt, now: '2026-03-29T07:59:59.999Z' }, NCT04223817)).toBe(false);
    expect(isReadingOverdue({ acquiredAt, now: '2026-03-29T08:00:00.001Z' }, NCT04223817)).toBe(true);
    expect(
      isReadingOverdue(
        { acquiredAt, now: new Date('2026-04-02T00:00:00Z'), status: 'adjudication_needed' },
        NCT04223817,
      ),
    ).toBe(true);
    expect(isReadingOverdue({ acquiredAt, now: '2026-04-02T00:00:00Z', status: 'final' }, NCT04223817)).toBe(
      false,
    );
    expect(
      isReadingOverdue(
        { acquiredAt, now: '2026-04-02T00:00:00Z', finalizedAt: '2026-03-28T10:00:00Z' },
        NCT04223817,
      ),
    ).toBe(false);
  });

  it('owes nothing for an exam not acquired or still scheduled, nor for one marked complete', () => {
    const late = '2026-05-01T00:00:00Z';
    expect(isReadingOverdue({ acquiredAt: null, now: late }, NCT04223817)).toBe(false);
    expect(isReadingOverdue({ acquiredAt, status: 'scheduled', now: late }, NCT04223817)).toBe(false);
    expect(isReadingOverdue({ acquiredAt, status: 'complete', now: late }, NCT04223817)).toBe(false);
    expect(isReadingOverdue({ acquiredAt, status: 'acquired', now: late }, NCT04223817)).toBe(true);
    expect(isDueWithin({ acquiredAt: null, now: '2026-03-28T08:00:00Z' }, 48, NCT04223817)).toBe(false);
  });

  it('is due within 48 h from 48 h before the due time until it is overdue', () => {
    const within = (now: string, extra = {}) => isDueWithin({ acquiredAt, now, ...extra }, 48, NCT04223817);
    expect(within('2026-03-27T07:59:59Z')).toBe(false);
    expect(within('2026-03-27T08:00:00Z')).toBe(true);
    expect(within('2026-03-29T08:00:00Z')).toBe(true);
    expect(within('2026-03-29T08:00:01Z')).toBe(false);
    expect(within('2026-03-28T08:00:00Z', { status: 'final' })).toBe(false);
  });
});

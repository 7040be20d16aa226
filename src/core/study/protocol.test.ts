import { describe, expect, it } from 'vitest';
import {
  isReadingOverdue,
  NCT04223817,
  PARTICIPANT_CODE_PATTERN,
  participantCode,
  readingDueDate,
} from './protocol.ts';

describe('participant codes', () => {
  it('the pattern accepts every code the protocol generates, past the 9,999th participant', () => {
    for (const sequence of [1, 42, 9999, 10000, 123456]) {
      expect(participantCode(NCT04223817, sequence)).toMatch(PARTICIPANT_CODE_PATTERN);
    }
    expect(participantCode(NCT04223817, 7)).toBe('P-0007');
  });

  it('the pattern refuses what the protocol never generates', () => {
    for (const code of ['P-001', 'p-0001', 'P0001', '-0001', 'P-0001 ', 'P-00a1', 'P--0001', '']) {
      expect(PARTICIPANT_CODE_PATTERN.test(code), code).toBe(false);
    }
  });
});

describe('reading deadline', () => {
  const acquiredAt = '2026-03-01T09:30:00.000Z';
  const due = readingDueDate(acquiredAt, NCT04223817);
  const justBefore = Date.parse(due) - 1;
  const justAfter = Date.parse(due) + 1;

  it('falls the configured number of UTC calendar days after the scan', () => {
    expect(due).toBe('2026-03-08T09:30:00.000Z');
  });

  it('an acquired exam is overdue only once its due date has passed', () => {
    expect(isReadingOverdue({ status: 'acquired', readingDueAt: due }, justBefore)).toBe(false);
    expect(isReadingOverdue({ status: 'acquired', readingDueAt: due }, Date.parse(due))).toBe(false);
    expect(isReadingOverdue({ status: 'acquired', readingDueAt: due }, justAfter)).toBe(true);
  });

  it('a complete reading is never overdue', () => {
    expect(isReadingOverdue({ status: 'complete', readingDueAt: due }, justAfter)).toBe(false);
  });

  it('a scheduled exam owes no reading, even with a planned time long past', () => {
    expect(isReadingOverdue({ status: 'scheduled', readingDueAt: due }, justAfter)).toBe(false);
  });

  it('an exam without an acquisition time has no due date and is not overdue', () => {
    expect(isReadingOverdue({ status: 'acquired', readingDueAt: null }, justAfter)).toBe(false);
  });
});

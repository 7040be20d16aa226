import { describe, expect, it } from 'vitest';
import { getInstrument } from '../instruments/registry.ts';
import { shiftDate, shiftDateTime, shiftItemValues } from './date-shift.ts';

describe('date shift', () => {
  it('moves calendar dates across month, year and leap-day boundaries, keeping intervals', () => {
    expect(shiftDate('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftDate('2025-01-15', -30)).toBe('2024-12-16');
    expect(shiftDate('2025-01-15', 0)).toBe('2025-01-15');
    const days = -417;
    const gap = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(gap(shiftDate('2023-10-29', days), shiftDate('2024-04-02', days))).toBe(
      gap('2023-10-29', '2024-04-02'),
    );
  });

  it('moves timestamps by whole days and keeps the time of day', () => {
    expect(shiftDateTime('2026-03-01T09:30:00.000Z', -59)).toBe('2026-01-01T09:30:00.000Z');
  });

  it('refuses what is not a date rather than passing it through unshifted', () => {
    expect(() => shiftDate('01/03/2026', -5)).toThrow(/calendar date/);
    expect(() => shiftDateTime('yesterday', -5)).toThrow(/timestamp/);
  });

  it('shifts date items and the date fields of record lists, nothing else', () => {
    const treatments = getInstrument('treatments');
    const listId = treatments.items.find((i) => i.type === 'record-list')!.id;
    const shifted = shiftItemValues(
      treatments,
      {
        mri_date: '2026-03-01',
        [listId]: [{ drug: 'methotrexate', other_name: null, start_date: '2025-01-10', end_date: null }],
      },
      -10,
    );
    expect(shifted).toEqual({
      mri_date: '2026-02-19',
      [listId]: [{ drug: 'methotrexate', other_name: null, start_date: '2024-12-31', end_date: null }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { chfs } from './chfs.ts';

const IDS = chfs.items.map((i) => i.id);
const all = (value: number) => Object.fromEntries(IDS.map((id) => [id, value]));
/** Item n answered n mod 6: 1,2,3,4,5,0,1,… */
const CYCLE = Object.fromEntries(IDS.map((id, index) => [id, (index + 1) % 6]));
const score = (input: Record<string, unknown>, variant?: string) => scoreInstrument(chfs, input, variant);

describe('chfs (Duruöz 1996)', () => {
  it('numbers the 18 items in the published order, with their domains', () => {
    expect(IDS).toEqual(Array.from({ length: 18 }, (_, i) => `chfs_${i + 1}`));
    expect(chfs.items[7]!.section?.en).toBe('In the kitchen');
    expect(chfs.items[8]!.section?.en).toBe('Dressing');
    expect(chfs.items[14]!.section?.en).toBe('Other');
  });
  it('scores 0 and 90 at the extremes', () => {
    expect(score(all(0))).toMatchObject({ total: 0, complete: true, prorated: false });
    expect(score(all(5)).total).toBe(90);
  });
  it('sums the items and gives the domain subtotals (kitchen 1-8, dressing 9-10, hygiene 11-12, office 13-14, other 15-18)', () => {
    // 1+2+3+4+5+0+1+2 = 18; 3+4; 5+0; 1+2; 3+4+5+0
    expect(score(CYCLE)).toMatchObject({
      total: 18 + 7 + 5 + 3 + 12,
      domains: { kitchen: 18, dressing: 7, hygiene: 5, office: 3, other: 12 },
    });
  });
  it('has no total, and no subtotal for the domain, when an item is missing', () => {
    const { chfs_12: _x, ...rest } = CYCLE;
    expect(score(rest)).toMatchObject({
      total: null,
      complete: false,
      missing: ['chfs_12'],
      prorated: false,
      domains: { hygiene: null, kitchen: 18 },
    });
  });
  it('variant prorated scales the answered sum to 18 items and flags it', () => {
    const { chfs_1: _x, ...rest } = all(2);
    expect(score(rest, 'prorated')).toMatchObject({ total: 36, prorated: true, complete: false });
    const { chfs_18: _y, ...seventeen } = CYCLE;
    // 45 - 0 over 17 items: 45 × 18 / 17
    expect(score(seventeen, 'prorated').total).toBe((45 * 18) / 17);
  });
  it('variant prorated equals the plain sum when nothing is missing, and is null with nothing answered', () => {
    expect(score(CYCLE, 'prorated')).toMatchObject({ total: 45, prorated: false });
    expect(score({}, 'prorated')).toMatchObject({ total: null, prorated: false });
  });
  it('treats a missing-data code as missing', () => {
    expect(score({ ...all(1), chfs_5: 'NA' })).toMatchObject({ total: null, missing: ['chfs_5'] });
  });
  it('refuses answers outside 0-5', () => {
    expect(() => score({ ...all(1), chfs_3: 6, chfs_4: -1 })).toThrow(
      expect.objectContaining({
        fields: [
          { path: 'chfs_3', code: 'out_of_range', message: expect.stringContaining('from 0 to 5') },
          { path: 'chfs_4', code: 'out_of_range', message: expect.stringContaining('from 0 to 5') },
        ],
      }),
    );
  });
});

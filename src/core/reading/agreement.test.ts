import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithR } from '../stats/fixture-compare.ts';
import type { JsonValue } from '../stats/json.ts';
import { readerAgreement, type ReadPair } from './agreement.ts';
import { validateFindings, type Reading } from './findings.ts';
import { READING_ITEMS } from './items.ts';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as T;

describe('inter-reader agreement against psych::cohen.kappa (tools/r/reading-agreement.R)', () => {
  const { exams } = fixture<{ exams: ReadPair[] }>('agreement-reads.json');
  const { items: expected } = fixture<{ items: { item: string }[] }>('agreement-expected.json');
  const { items } = readerAgreement(exams);

  it('reads valid readings', () => {
    for (const { a, b } of exams) expect([...validateFindings(a), ...validateFindings(b)]).toEqual([]);
  });

  it.each(expected.map((e) => [e.item, e] as const))('%s', (item, reference) => {
    const actual = items.find((i) => i.item === item);
    const { mismatches } = compareWithR(
      actual as unknown as JsonValue,
      reference as unknown as JsonValue,
      1e-12,
    );
    expect(mismatches).toEqual([]);
  });

  it('lists every item of the form, with no pairs where the fixture has none', () => {
    expect(items.map((i) => i.item)).toEqual(READING_ITEMS.map((i) => i.id));
    expect(items.find((i) => i.item === 'effusion')).toEqual({
      item: 'effusion',
      weighting: 'quadratic',
      pairs: 0,
      percentAgreement: null,
      kappa: null,
    });
  });
});

describe('readerAgreement on hand-made reads', () => {
  const reading = (values: [string, number][]): Reading => ({
    findings: values.map(([site, value]) => ({ site, item: 'synovitis', value })),
    comments: '',
  });

  it('pairs the same site of the same exam only, and needs two pairs for a kappa', () => {
    const one = readerAgreement([{ a: reading([['R.MCP2', 1]]), b: reading([['L.MCP2', 1]]) }]);
    expect(one.items[0]).toMatchObject({ item: 'synovitis', pairs: 0, kappa: null });
    const two = readerAgreement([{ a: reading([['R.MCP2', 1]]), b: reading([['R.MCP2', 2]]) }]);
    expect(two.items[0]).toMatchObject({ pairs: 1, percentAgreement: 0, kappa: null });
  });

  it('weights synovitis quadratically over 0-3 even when readers use two grades', () => {
    // Grades 0 and 1 only: over the 0-3 scale a one-step difference keeps 1 - 1/9 of the agreement.
    const exams = [0, 1, 0, 1].map((g, i) => ({
      a: reading([['R.MCP2', g]]),
      b: reading([['R.MCP2', i === 3 ? 0 : g]]),
    }));
    const { items } = readerAgreement(exams);
    // p = [[2/4, 0], [1/4, 1/4]]; po = 3/4 + 1/4 * 8/9; pe over rows (2/4, 2/4) and columns (3/4, 1/4).
    const po = 0.75 + 0.25 * (8 / 9);
    const pe = 0.5 * 0.75 + 0.5 * 0.25 * (8 / 9) + 0.5 * 0.75 * (8 / 9) + 0.5 * 0.25;
    expect(items[0]?.kappa).toBeCloseTo((po - pe) / (1 - pe), 12);
    expect(items[0]?.percentAgreement).toBe(75);
  });

  it('reports a site, left and right pooled, only from enough pairs', () => {
    const exams = Array.from({ length: 6 }, (_, i) => ({
      a: reading([
        ['R.MCP2', i % 2],
        ['L.MCP2', i % 3 === 0 ? 1 : 0],
        ['R.MCP3', 0],
      ]),
      b: reading([
        ['R.MCP2', i % 2],
        ['L.MCP2', 0],
        ['R.MCP3', 0],
      ]),
    }));
    const { sites } = readerAgreement(exams, { minPairsPerSite: 10 });
    expect(sites.map((s) => [s.item, s.site, s.pairs])).toEqual([['synovitis', 'MCP2', 12]]);
    expect(sites[0]?.percentAgreement).toBeCloseTo((100 * 10) / 12, 12);
  });
});

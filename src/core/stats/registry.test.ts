import { describe, expect, it } from 'vitest';
import { ManusError } from '../errors.ts';
import { runStatsTest, STATS_TEST_NAMES, STATS_TESTS, type StatsTestName } from './registry.ts';

/** Bad input, named field by field with what is allowed: the cases R would not reject the same way. */
function rejection(name: StatsTestName, input: unknown): ManusError {
  try {
    runStatsTest(name, input);
  } catch (error) {
    if (error instanceof ManusError) return error;
    throw error;
  }
  throw new Error(`${name} accepted ${JSON.stringify(input)}`);
}

describe('stats registry', () => {
  it('declares every test of the issue once, with a description and its R equivalent', () => {
    expect(STATS_TEST_NAMES).toEqual([
      'fisher-exact',
      'chi-square',
      'mann-whitney',
      'welch-t',
      'student-t',
      'spearman',
      'kendall',
      'pearson',
      'wilson',
      'newcombe',
      'logistic',
      'cohen-kappa',
      'icc',
      'p-adjust',
      'describe',
    ]);
    for (const name of STATS_TEST_NAMES) {
      expect(STATS_TESTS[name].description.length).toBeGreaterThan(10);
      expect(STATS_TESTS[name].r.length).toBeGreaterThan(3);
    }
  });

  it('writes infinite values as "Infinity" and undefined ones as null', () => {
    expect(
      runStatsTest('fisher-exact', {
        table: [
          [5, 0],
          [0, 5],
        ],
      }),
    ).toMatchObject({
      oddsRatio: 'Infinity',
      ci: [expect.any(Number), 'Infinity'],
    });
    expect(runStatsTest('spearman', { x: [1, 2, 3], y: [4, 4, 4] })).toMatchObject({
      rho: null,
      pValue: null,
    });
    expect(runStatsTest('describe', { x: [3, null] })).toMatchObject({ n: 1, missing: 1, sd: null });
  });

  it('rejects negative, fractional and non-numeric counts, naming the cell', () => {
    const fractional = rejection('fisher-exact', {
      table: [
        [1, 2.5],
        [3, 4],
      ],
    });
    expect(fractional.kind).toBe('bad_request');
    expect(fractional.fields).toContainEqual({
      path: 'table.0.1',
      code: 'not_an_integer',
      message: 'must be a count (a non-negative integer)',
    });
    expect(
      rejection('chi-square', {
        table: [
          [1, -2],
          [3, 4],
        ],
      }).fields[0]?.path,
    ).toBe('table.0.1');
    expect(rejection('wilson', { successes: '3', n: 10 }).fields[0]).toEqual({
      path: 'successes',
      code: 'invalid_type',
      message: 'must be a count (a non-negative integer)',
    });
    expect(
      rejection('fisher-exact', {
        table: [
          [1, 2, 3],
          [4, 5],
        ],
      }).fields[0]?.message,
    ).toContain('same length');
  });

  it('rejects empty, too small and unequal groups, and non-numbers', () => {
    expect(rejection('mann-whitney', { x: [], y: [1] }).fields[0]).toEqual({
      path: 'x',
      code: 'required',
      message: 'must hold at least 1 value',
    });
    expect(rejection('welch-t', { x: [1], y: [1, 2] }).fields[0]?.path).toBe('x');
    expect(rejection('spearman', { x: [1, 2, 3], y: [1, 2] }).fields[0]?.path).toBe('y');
    expect(rejection('pearson', { x: [1, 'two', 3], y: [1, 2, 3] }).fields[0]).toEqual({
      path: 'x.1',
      code: 'invalid_type',
      message: 'must be a finite number',
    });
    expect(rejection('describe', { x: [null, null] }).fields[0]?.message).toContain('non-missing');
  });

  it('names the allowed values of options and refuses unknown keys', () => {
    expect(rejection('p-adjust', { p: [0.1], method: 'BH' }).fields[0]).toEqual({
      path: 'method',
      code: 'invalid_option',
      message: 'must be one of: holm, bh, bonferroni',
    });
    expect(
      rejection('cohen-kappa', { rater1: [1, 2], rater2: [1, 2], weights: 'cubic' }).fields[0]?.message,
    ).toBe('must be one of: none, linear, quadratic');
    expect(
      rejection('chi-square', {
        table: [
          [1, 2],
          [3, 4],
        ],
        corect: false,
      }).fields[0]?.message,
    ).toContain('corect');
    expect(rejection('wilson', { successes: 1, n: 10, level: 95 }).fields[0]?.message).toContain(
      'between 0 and 1',
    );
  });

  it('reports domain problems as invalid, with the field and the allowed values', () => {
    const unknownRating = rejection('cohen-kappa', {
      rater1: [1, 2, 3],
      rater2: [1, 2, 9],
      categories: [1, 2, 3],
    });
    expect(unknownRating.kind).toBe('invalid');
    expect(unknownRating.fields).toEqual([
      { path: 'rater2.2', code: 'invalid_option', message: 'must be one of: 1, 2, 3' },
    ]);
    const collinear = rejection('logistic', {
      y: [0, 1, 0, 1, 1],
      x: { a: [1, 2, 3, 4, 5], b: [2, 4, 6, 8, 10] },
    });
    expect(collinear.kind).toBe('invalid');
    expect(collinear.fields[0]).toMatchObject({ path: 'x.b', code: 'rule' });
    expect(rejection('logistic', { y: [0, 2, 1], x: {} }).fields[0]).toEqual({
      path: 'y.1',
      code: 'invalid_type',
      message: 'must be 0 or 1',
    });
    expect(rejection('welch-t', { x: [3, 3, 3], y: [3, 3] }).kind).toBe('invalid');
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManusError } from '../errors.ts';
import { runStatsTest, STATS_TESTS, type StatsTestName } from './registry.ts';
import { STATS_LIMITS } from './schemas.ts';

function refusal(name: StatsTestName, input: unknown): ManusError {
  try {
    runStatsTest(name, input);
  } catch (error) {
    if (error instanceof ManusError) return error;
    throw error;
  }
  throw new Error(`${name} accepted the input`);
}

const filled = <T>(length: number, value: (i: number) => T): T[] =>
  Array.from({ length }, (_, i) => value(i));

describe('statistics input bounds', () => {
  it('refuses the tables of issue 12 that ran the server out of memory or into a 500, naming each cell', () => {
    for (const big of [3e8, 1e6, 5e9]) {
      const error = refusal('fisher-exact', {
        table: [
          [big, big === 1e6 ? big : 0],
          [0, big],
        ],
      });
      expect(error.kind).toBe('bad_request');
      expect(error.fields).toContainEqual({
        path: 'table.0.0',
        code: 'out_of_range',
        message: `must be a count of at most ${STATS_LIMITS.count}`,
      });
    }
  });

  it('refuses a table beyond 20 rows or columns, or with more than 100,000 observations in all', () => {
    expect(refusal('chi-square', { table: filled(21, () => [1, 1]) }).fields).toEqual([
      { path: 'table', code: 'too_long', message: 'must have at most 20 rows' },
    ]);
    expect(refusal('chi-square', { table: [filled(21, () => 1), filled(21, () => 1)] }).fields[0]).toEqual({
      path: 'table.0',
      code: 'too_long',
      message: 'must have at most 20 columns',
    });
    expect(
      refusal('fisher-exact', {
        table: [
          [60_000, 40_000],
          [1, 0],
        ],
      }).fields,
    ).toEqual([
      {
        path: 'table',
        code: 'rule',
        message: 'holds 100001 observations in all: at most 100000 are accepted',
      },
    ]);
  });

  it('answers the largest 2 x 2 table within bounds exactly, in about a second', () => {
    const started = performance.now();
    const result = runStatsTest('fisher-exact', {
      table: [
        [50_000, 0],
        [0, 50_000],
      ],
    });
    expect(result).toMatchObject({ shape: '2x2', pValue: 0, oddsRatio: 'Infinity' });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses vectors, predictors, raters, categories and labels beyond the bounds', () => {
    const long = filled(STATS_LIMITS.values + 1, (i) => i);
    expect(refusal('kendall', { x: long, y: long }).fields).toContainEqual({
      path: 'x',
      code: 'too_long',
      message: 'must hold at most 10000 values',
    });
    expect(refusal('describe', { x: long }).fields[0]?.path).toBe('x');
    expect(refusal('p-adjust', { p: long.map(() => 0.5), method: 'holm' }).fields[0]?.path).toBe('p');
    const predictors = Object.fromEntries(
      filled(21, (i) => i).map((i) => [`v${i}`, filled(30, (k) => k * i)]),
    );
    expect(refusal('logistic', { y: filled(30, (i) => i % 2), x: predictors }).fields).toContainEqual({
      path: 'x',
      code: 'rule',
      message: 'has 21 predictors: at most 20 are accepted',
    });
    expect(refusal('icc', { ratings: filled(3, () => filled(21, (i) => i)) }).fields[0]?.path).toBe(
      'ratings.0',
    );
    const ratings = filled(60, (i) => i);
    expect(refusal('cohen-kappa', { rater1: ratings, rater2: ratings }).fields).toContainEqual({
      path: 'rater1',
      code: 'rule',
      message: 'the ratings use 60 distinct categories: at most 50 are accepted',
    });
    expect(
      refusal('cohen-kappa', { rater1: ['x'.repeat(201), 'a'], rater2: ['a', 'a'] }).fields[0]?.path,
    ).toBe('rater1.0');
  });

  it('states the bounds in every JSON Schema, so that they appear in the API description', () => {
    const schema = (name: StatsTestName) =>
      JSON.stringify(z.toJSONSchema(STATS_TESTS[name].input, { io: 'input', unrepresentable: 'any' }));
    expect(schema('fisher-exact')).toContain('"maxItems":20');
    expect(schema('fisher-exact')).toContain('"maximum":100000');
    expect(schema('fisher-exact')).toContain('at most 100000 observations in all');
    for (const name of ['mann-whitney', 'kendall', 'describe', 'p-adjust', 'logistic', 'icc'] as const)
      expect(schema(name)).toContain('"maxItems":10000');
    expect(schema('cohen-kappa')).toContain('"maxLength":200');
  });
});

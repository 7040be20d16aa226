import type { JsonValue } from './json.ts';

/**
 * Compares a result with R's expected values: every key R gives must be present and equal, numbers within a
 * relative tolerance, non-finite strings, nulls and booleans exactly. Probabilities (p-values, odds ratios) are
 * always compared relatively, however small; other quantities that are exactly 0 in theory come out of R and of
 * Manus as different rounding noise (an estimate of -6.7e-16 against 0), so below 1e-13 they count as equal.
 */
const RELATIVE_ONLY = new Set(['pValue', 'adjusted', 'oddsRatio', 'oddsRatioCi']);
const NOISE_FLOOR = 1e-13;

export interface Comparison {
  mismatches: string[];
  worstRelativeError: number;
}

export function compareWithR(
  actual: JsonValue | undefined,
  expected: JsonValue,
  tolerance: number,
): Comparison {
  const result: Comparison = { mismatches: [], worstRelativeError: 0 };
  const walk = (a: JsonValue | undefined, e: JsonValue, path: string, key = ''): void => {
    if (typeof e === 'number') {
      if (typeof a !== 'number') {
        result.mismatches.push(`${path}: expected ${e}, got ${JSON.stringify(a)}`);
        return;
      }
      const noise = !RELATIVE_ONLY.has(key) && Math.abs(a - e) < NOISE_FLOOR;
      const error = noise ? 0 : e === 0 ? Math.abs(a) : Math.abs(a - e) / Math.abs(e);
      result.worstRelativeError = Math.max(result.worstRelativeError, error);
      if (!(error <= tolerance))
        result.mismatches.push(`${path}: expected ${e}, got ${a} (relative error ${error.toExponential(2)})`);
      return;
    }
    if (Array.isArray(e)) {
      if (!Array.isArray(a) || a.length !== e.length) {
        result.mismatches.push(`${path}: expected an array of ${e.length}, got ${JSON.stringify(a)}`);
        return;
      }
      e.forEach((item, i) => walk(a[i], item, `${path}[${i}]`, key));
      return;
    }
    if (e !== null && typeof e === 'object') {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) {
        result.mismatches.push(`${path}: expected an object, got ${JSON.stringify(a)}`);
        return;
      }
      for (const [k, value] of Object.entries(e)) walk(a[k], value, path ? `${path}.${k}` : k, k);
      return;
    }
    if (a !== e) result.mismatches.push(`${path}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  };
  walk(actual, expected, '');
  return result;
}

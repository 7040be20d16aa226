/**
 * How the outcome report writes its numbers, in English or French: proportions as n/N (%), intervals in brackets,
 * p-values to three significant digits (below 0.001 as "< 0.001"), medians with their interquartile range. The web
 * outcomes page and the HTML/PDF report both use these, so a figure reads the same everywhere.
 */
import type { ContinuousSummary, Interval, Proportion } from '../analysis/types.ts';
import type { LocalizedText } from '../study/protocol.ts';

export type Lang = keyof LocalizedText;

/** An en dash for a value that does not exist (no participants, a test that cannot be run). */
export const NONE = '–';

const percentFormat = (lang: Lang, digits: number) =>
  new Intl.NumberFormat(lang, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

export function formatNumber(value: number | null, lang: Lang, digits = 1): string {
  // An infinite odds ratio or limit (a zero cell) is written as such; NaN has no meaning to show.
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === null || Number.isNaN(value)) return NONE;
  return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    value,
  );
}

export const formatPercentOf = (share: number | null, lang: Lang): string =>
  share === null ? NONE : percentFormat(lang, 1).format(share);

/** `[a; b]`: a semicolon, since French writes decimals with a comma. */
export function formatInterval(ci: Interval | null, format: (value: number) => string): string {
  return ci === null ? '' : `[${format(ci[0])}; ${format(ci[1])}]`;
}

/** `12/30 (40.0 %)`, and the Wilson interval when asked. */
export function formatProportion(p: Proportion, lang: Lang, withCi = false): string {
  if (p.N === 0) return `0/0`;
  const base = `${p.n}/${p.N} (${formatPercentOf(p.estimate, lang)})`;
  if (!withCi || p.ci === null) return base;
  return `${base} ${formatInterval(p.ci, (v) => formatPercentOf(v, lang))}`;
}

/** A difference of proportions in percentage points with its interval. */
export function formatDifference(difference: { estimate: number; ci: Interval } | null, lang: Lang): string {
  if (difference === null) return NONE;
  const points = (v: number) => formatNumber(100 * v, lang);
  return `${points(difference.estimate)} ${formatInterval(difference.ci, points)}`;
}

export function formatEstimate(value: { estimate: number; ci: Interval | null } | null, lang: Lang): string {
  if (value === null) return NONE;
  const number = (v: number) => formatNumber(v, lang, 2);
  return `${number(value.estimate)} ${formatInterval(value.ci, number)}`.trimEnd();
}

export function formatP(p: number | null, lang: Lang): string {
  if (p === null || !Number.isFinite(p)) return NONE;
  if (p < 0.001) return `< ${formatNumber(0.001, lang, 3)}`;
  return new Intl.NumberFormat(lang, { maximumSignificantDigits: 3, minimumSignificantDigits: 2 }).format(p);
}

/** `median [q1; q3]`, or the dash when no value was observed. */
export function formatMedianIqr(s: ContinuousSummary, lang: Lang, digits = 1): string {
  if (s.median === null) return NONE;
  const number = (v: number) => formatNumber(v, lang, digits);
  return `${number(s.median)} ${formatInterval(s.q1 === null || s.q3 === null ? null : [s.q1, s.q3], number)}`;
}

/** `mean ± SD`. */
export function formatMeanSd(s: ContinuousSummary, lang: Lang, digits = 1): string {
  if (s.mean === null) return NONE;
  return s.sd === null
    ? formatNumber(s.mean, lang, digits)
    : `${formatNumber(s.mean, lang, digits)} ± ${formatNumber(s.sd, lang, digits)}`;
}

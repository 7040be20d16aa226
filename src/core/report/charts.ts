/**
 * The outcome report's charts, one function each, as SVG markup (plot-svg.ts): the distribution of Leyden/Chang
 * types per arm, articular sodium per arm as a box plot with every participant's value over it, and the time from
 * MRI to the final reading against the protocol's 7-day limit. Labels come in the report's language.
 */
import * as Plot from '@observablehq/plot';
import { NCT04223817, type Arm, type LocalizedText } from '../study/protocol.ts';
import type { Lang } from './format.ts';
import { plotSvg, type PlotDocument } from './plot-svg.ts';
import { armLabel } from './text.ts';

/** Arms in protocol order, with the colours of the whole report (one accent, one grey); arms are also named on
 * an axis or facet, so colour is never the only signal. */
const ARM_COLOURS: Record<Arm, string> = { ssc: '#1c7ed6', control: '#868e96' };
const armColour = (lang: Lang): Plot.ScaleOptions => ({
  domain: NCT04223817.arms.map((a) => armLabel(a.code, lang)),
  range: NCT04223817.arms.map((a) => ARM_COLOURS[a.code]),
});

export interface TypeCount {
  arm: Arm;
  /** Leyden/Chang type 1–4. */
  type: number;
  /** Hands of that type. */
  n: number;
  /** Hands of the arm with a type. */
  N: number;
}

const TEXT = {
  leydenTitle: { en: 'Leyden/Chang type by arm', fr: 'Type de Leyden/Chang par bras' },
  type: { en: 'Leyden/Chang type', fr: 'Type de Leyden/Chang' },
  handsPercent: { en: 'Hands (%)', fr: 'Mains (%)' },
  sodiumTitle: { en: 'Articular sodium by arm', fr: 'Sodium articulaire par bras' },
  sodium: { en: 'Sodium (mmol/L)', fr: 'Sodium (mmol/L)' },
  timesTitle: {
    en: 'Time from MRI to final reading',
    fr: 'Délai entre l’IRM et la lecture finale',
  },
  days: { en: 'Days from MRI to final reading', fr: 'Jours entre l’IRM et la lecture finale' },
  exams: { en: 'Exams', fr: 'Examens' },
  limit: { en: '{days}-day limit', fr: 'Limite de {days} jours' },
} satisfies Record<string, LocalizedText>;

/** One panel per arm: the share of the arm's hands of each type, with n/N written above each bar. */
export function leydenChangChart(document: PlotDocument, counts: readonly TypeCount[], lang: Lang): string {
  const rows = counts.map((c) => ({
    arm: armLabel(c.arm, lang),
    type: String(c.type),
    percent: c.N === 0 ? 0 : (100 * c.n) / c.N,
    label: `${c.n}/${c.N}`,
  }));
  return plotSvg(document, {
    ariaLabel: TEXT.leydenTitle[lang],
    marginTop: 30,
    height: 300,
    fx: { label: null, domain: armColour(lang).domain },
    x: { label: TEXT.type[lang], domain: ['1', '2', '3', '4'] },
    y: { label: TEXT.handsPercent[lang], domain: [0, 100], grid: true },
    color: armColour(lang),
    marks: [
      Plot.barY(rows, { fx: 'arm', x: 'type', y: 'percent', fill: 'arm' }),
      Plot.text(rows, { fx: 'arm', x: 'type', y: 'percent', text: 'label', dy: -6 }),
      Plot.ruleY([0]),
    ],
  });
}

export interface SodiumValue {
  arm: Arm;
  /** A participant's mean articular concentration, mmol/L. */
  value: number;
}

/** A box per arm (median, quartiles, whiskers to 1.5 IQR) with each participant's value as a dot over it. */
export function sodiumChart(document: PlotDocument, values: readonly SodiumValue[], lang: Lang): string {
  const rows = values.map((v) => ({ arm: armLabel(v.arm, lang), value: v.value }));
  return plotSvg(document, {
    ariaLabel: TEXT.sodiumTitle[lang],
    height: 300,
    x: { label: null, domain: armColour(lang).domain },
    y: { label: TEXT.sodium[lang], grid: true },
    color: armColour(lang),
    marks: [
      Plot.boxY(rows, { x: 'arm', y: 'value', fill: 'arm', fillOpacity: 0.25, r: 0 }),
      Plot.dot(rows, { x: 'arm', y: 'value', stroke: 'arm', r: 2.5 }),
    ],
  });
}

/** Exams per whole day from MRI to final reading (the analysis' histogram), with the protocol's deadline as a rule. */
export function readingTimesChart(
  document: PlotDocument,
  histogram: readonly { days: number; count: number }[],
  deadlineDays: number,
  lang: Lang,
): string {
  return plotSvg(document, {
    ariaLabel: TEXT.timesTitle[lang],
    height: 260,
    x: { label: TEXT.days[lang] },
    y: { label: TEXT.exams[lang], grid: true },
    marks: [
      Plot.rectY(histogram, {
        x1: 'days',
        x2: (d: { days: number }) => d.days + 1,
        y: 'count',
        fill: ARM_COLOURS.ssc,
        inset: 0.5,
      }),
      Plot.ruleX([deadlineDays], { stroke: '#c92a2a', strokeDasharray: '4 3' }),
      Plot.text([deadlineDays], {
        x: (d: number) => d,
        frameAnchor: 'top',
        text: () => TEXT.limit[lang].replace('{days}', String(deadlineDays)),
        dx: 4,
        textAnchor: 'start',
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** The charts' titles, for the figures that hold them. */
export const CHART_TITLES = {
  leydenChang: TEXT.leydenTitle,
  sodium: TEXT.sodiumTitle,
  readingTimes: TEXT.timesTitle,
} as const;

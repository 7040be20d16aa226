/**
 * The report's figures drawn from an analysis result: the lesion heat map of each primary abnormality (from its
 * per-hand site rows), the Leyden/Chang bars, the sodium box plot and the reading-time histogram. Null when the
 * result has nothing to draw, so that the page and the report say so instead of showing an empty frame.
 */
import type { AnalysisResult, PrimaryAbnormality } from '../analysis/types.ts';
import { ARMS } from '../study/protocol.ts';
import {
  leydenChangChart,
  readingTimesChart,
  sodiumChart,
  type SodiumValue,
  type TypeCount,
} from './charts.ts';
import type { Lang } from './format.ts';
import { lesionHeatmap, type LesionHeatmap, type SiteCount } from './heatmap.ts';
import type { PlotDocument } from './plot-svg.ts';
import { abnormalityLabel, armHeader } from './text.ts';

export function heatmapFigure(
  document: PlotDocument,
  result: AnalysisResult,
  abnormality: PrimaryAbnormality,
  lang: Lang,
): LesionHeatmap | null {
  const rows = result.primary.filter((row) => row.abnormality === abnormality && row.level === 'site');
  if (rows.length === 0) return null;
  const arms = ARMS.map((arm) => ({
    arm,
    sites: new Map<string, SiteCount>(rows.map((row) => [row.site, { n: row[arm].n, N: row[arm].N }])),
  }));
  const title = abnormalityLabel(abnormality, lang);
  return lesionHeatmap(document, { arms, lang, title: (arm) => `${title}: ${armHeader(arm, lang)}` });
}

export function leydenChangFigure(document: PlotDocument, result: AnalysisResult, lang: Lang): string | null {
  const counts: TypeCount[] = result.secondary.arterial.leydenChang.categories.flatMap((category) =>
    ARMS.map((arm) => ({ arm, type: Number(category.value), n: category[arm].n, N: category[arm].N })),
  );
  return counts.length === 0 ? null : leydenChangChart(document, counts, lang);
}

/** Each participant's mean over the joints measured (the `all` row), per arm. */
export function sodiumFigure(document: PlotDocument, result: AnalysisResult, lang: Lang): string | null {
  const points = result.secondary.sodium.find((row) => row.joint === 'all')?.points;
  if (!points) return null;
  const values: SodiumValue[] = ARMS.flatMap((arm) => points[arm].map((value) => ({ arm, value })));
  return values.length === 0 ? null : sodiumChart(document, values, lang);
}

export function readingTimesFigure(
  document: PlotDocument,
  result: AnalysisResult,
  lang: Lang,
): string | null {
  const { daysToFinalHistogram, deadlineDays } = result.readingQuality;
  return daysToFinalHistogram.length === 0
    ? null
    : readingTimesChart(document, daysToFinalHistogram, deadlineDays, lang);
}

/**
 * Heat maps of lesion frequency per site, drawn on the project's hand diagram: one panel per arm and per view that
 * holds the abnormality's sites (tenosynovitis needs both: extensor compartments are dorsal, flexor sheaths palmar).
 * A site's colour is the share of the arm's participants with a lesion there, on one scale for every panel, so that
 * the arms compare at a glance; each site's tooltip also gives n/N and the percentage, and a legend gives the scale.
 */
import * as Plot from '@observablehq/plot';
import { DIAGRAM_VIEWS, diagramShapes, type DiagramView } from '../anatomy/diagram.ts';
import { renderHandDiagramSvg } from '../anatomy/svg.ts';
import type { Arm, LocalizedText } from '../study/protocol.ts';
import { legendSvg, type PlotDocument } from './plot-svg.ts';

export interface SiteCount {
  /** Participants with a lesion at the site. */
  n: number;
  /** Participants whose reading scores the site. */
  N: number;
}

export interface ArmSiteCounts {
  arm: Arm;
  /** Per anatomy id of one hand (`R.MCP2`); pooled ids are not drawn. */
  sites: ReadonlyMap<string, SiteCount>;
}

export interface HeatmapPanel {
  arm: Arm;
  view: DiagramView;
  svg: string;
}

export interface LesionHeatmap {
  panels: HeatmapPanel[];
  /** The colour scale, shared by every panel. */
  legend: string;
}

/** Structures the abnormality is not scored at: a pale grey, so they read as background. */
const NOT_SCORED = '#e9ecef';
/**
 * Five classes of frequency rather than a continuous ramp: classes are easier to match against the legend, and a
 * discrete legend needs no canvas (Plot draws continuous ramps with one, which Node's linkedom lacks).
 */
const COLOUR_SCALE: Plot.ScaleOptions = {
  type: 'threshold',
  domain: [0.2, 0.4, 0.6, 0.8],
  scheme: 'reds',
};
const LEGEND_LABEL: LocalizedText = {
  en: 'Participants with a lesion at the site (%)',
  fr: 'Participants ayant une lésion au site (%)',
};

export const proportion = ({ n, N }: SiteCount): number | null => (N === 0 ? null : n / N);

export const formatPercent = (share: number, lang: keyof LocalizedText): string =>
  new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);

export function formatCount(count: SiteCount, lang: keyof LocalizedText): string {
  const share = proportion(count);
  return share === null ? `${count.n}/${count.N}` : `${count.n}/${count.N} (${formatPercent(share, lang)})`;
}

/** The views that show at least one of the sites. */
export function viewsOf(siteIds: Iterable<string>): DiagramView[] {
  const ids = new Set(siteIds);
  return DIAGRAM_VIEWS.filter((view) => diagramShapes(view).some((shape) => ids.has(shape.id)));
}

export function lesionHeatmap(
  document: PlotDocument,
  options: { arms: readonly ArmSiteCounts[]; lang: keyof LocalizedText; title: (arm: Arm) => string },
): LesionHeatmap {
  const colour = Plot.scale({ color: COLOUR_SCALE });
  const views = viewsOf(options.arms.flatMap((arm) => [...arm.sites.keys()]));
  const panels = options.arms.flatMap((arm) =>
    views.map((view): HeatmapPanel => {
      const fill = (id: string) => {
        const count = arm.sites.get(id);
        const share = count && proportion(count);
        return share === undefined || share === null ? NOT_SCORED : String(colour.apply(share));
      };
      const describe = (id: string) => {
        const count = arm.sites.get(id);
        return count ? formatCount(count, options.lang) : null;
      };
      const svg = renderHandDiagramSvg({
        view,
        lang: options.lang,
        fill,
        describe,
        title: options.title(arm.arm),
      });
      return { arm: arm.arm, view, svg };
    }),
  );
  return {
    panels,
    legend: legendSvg(
      document,
      { ...COLOUR_SCALE, tickFormat: (share: number) => formatPercent(share, options.lang) },
      LEGEND_LABEL[options.lang],
    ),
  };
}

/**
 * The outcome report as one self-contained HTML document (inline SVG and CSS, nothing fetched), in English or
 * French, laid out for screen and print: Table 1, the primary outcome with its heat maps and per-site tables, the
 * secondary outcomes with their charts, reading quality, the participants not analysed and the provenance. It is
 * written as polyglot XHTML, so it parses as XML too (the tests check that it is well-formed). Charts are drawn by
 * the same core functions as the web outcomes page, into a linkedom document.
 */
import { parseHTML } from 'linkedom';
import {
  PRIMARY_ABNORMALITIES,
  type AnalysisResult,
  type PrimaryAbnormality,
} from '../../core/analysis/types.ts';
import {
  heatmapFigure,
  leydenChangFigure,
  readingTimesFigure,
  sodiumFigure,
} from '../../core/report/figures.ts';
import { formatMedianIqr, formatNumber, formatProportion, type Lang } from '../../core/report/format.ts';
import type { PlotDocument } from '../../core/report/plot-svg.ts';
import {
  agreementTable,
  baselineTable,
  correlationsTable,
  exclusionsTable,
  leydenChangTable,
  primaryTable,
  secondaryTable,
  sodiumTable,
  type TableModel,
} from '../../core/report/tables.ts';
import { abnormalityLabel, armHeader, LEVEL_LABELS, reportText } from '../../core/report/text.ts';
import { NCT04223817 } from '../../core/study/protocol.ts';
import { REPORT_CSS } from './style.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);

function tableHtml(table: TableModel, lang: Lang): string {
  if (table.rows.length === 0) {
    return `<p class="empty" id="table-${table.id}">${escapeHtml(table.caption)}: ${escapeHtml(reportText('noRows', lang))}</p>`;
  }
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr data-key="${escapeHtml(row.key)}">${row.cells
          .map((c, i) =>
            i === 0 ? `<th scope="row">${escapeHtml(c.text)}</th>` : `<td>${escapeHtml(c.text)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return [
    `<table id="table-${table.id}"><caption>${escapeHtml(table.caption)}</caption>`,
    `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`,
  ].join('');
}

const figureHtml = (svg: string | null, caption: string) =>
  svg === null ? '' : `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;

const section = (id: string, title: string, body: string[], level: 2 | 3 = 2) =>
  `<section id="${id}"><h${level}>${escapeHtml(title)}</h${level}>\n${body.join('\n')}\n</section>`;

function provenanceHtml(result: AnalysisResult, lang: Lang): string {
  const { provenance: p } = result;
  const entries: [string, string][] = [
    [reportText('snapshot', lang), p.snapshotSha256],
    [reportText('software', lang), p.softwareVersion],
    [reportText('generated', lang), p.generatedAt],
    [reportText('analysisSet', lang), p.parameters.analysisSet],
    [
      reportText('analysedCount', lang),
      ([...Object.entries(p.counts.analysed)] as ['ssc' | 'control', number][])
        .map(([arm, n]) => `${armHeader(arm, lang)}: ${n}`)
        .join(', '),
    ],
    [reportText('excludedCount', lang), String(p.counts.excluded)],
    [reportText('adjust', lang), p.parameters.adjust],
    [reportText('family', lang), p.parameters.family],
    [reportText('confidence', lang), formatNumber(p.parameters.confidenceLevel, lang, 2)],
    [reportText('threshold', lang), p.parameters.lesionThreshold],
  ];
  const list = entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return section('provenance', reportText('provenance', lang), [`<dl>${list}</dl>`]);
}

function abnormalityHtml(
  document: PlotDocument,
  result: AnalysisResult,
  abnormality: PrimaryAbnormality,
  lang: Lang,
): string {
  const label = abnormalityLabel(abnormality, lang);
  const map = heatmapFigure(document, result, abnormality, lang);
  const panels =
    map === null
      ? ''
      : [
          '<figure class="heatmap">',
          ...map.panels.map(
            (panel) =>
              `<div class="panel"><p class="panel-title">${escapeHtml(armHeader(panel.arm, lang))}</p>${panel.svg}</div>`,
          ),
          `<div class="legend">${map.legend}</div>`,
          `<figcaption>${escapeHtml(`${reportText('heatmaps', lang)}: ${label}`)}</figcaption></figure>`,
        ].join('');
  const rows = result.primary.filter((row) => row.abnormality === abnormality && row.level !== 'any');
  const tables = (['pooled', 'site'] as const).map((level) =>
    tableHtml(
      primaryTable(
        `primary-${abnormality}-${level}`,
        `${label}: ${LEVEL_LABELS[level][lang]}`,
        rows.filter((row) => row.level === level),
        lang,
      ),
      lang,
    ),
  );
  return section(`primary-${abnormality}`, label, [panels, ...tables], 3);
}

function secondaryHtml(document: PlotDocument, result: AnalysisResult, lang: Lang): string {
  const { arterial, venous, correlations } = result.secondary;
  const title = (key: Parameters<typeof reportText>[0]) => reportText(key, lang);
  return section('secondary', title('secondary'), [
    section(
      'arterial',
      title('arterial'),
      [
        tableHtml(
          secondaryTable('arterial-participants', title('arterial'), arterial.participants, lang),
          lang,
        ),
        tableHtml(secondaryTable('arterial-arteries', title('arteries'), arterial.arteries, lang), lang),
        tableHtml(secondaryTable('arterial-fingers', title('fingers'), arterial.fingers, lang), lang),
        tableHtml(leydenChangTable(result, lang), lang),
        figureHtml(leydenChangFigure(document, result, lang), title('leydenChang')),
      ],
      3,
    ),
    section(
      'venous',
      title('venous'),
      [
        tableHtml(
          secondaryTable(
            'venous-return',
            title('venous'),
            [venous.participants, venous.hands, venous.fingers],
            lang,
          ),
          lang,
        ),
        tableHtml(secondaryTable('venous-fingers', title('fingers'), venous.byFinger, lang), lang),
      ],
      3,
    ),
    section(
      'correlations',
      title('correlations'),
      [tableHtml(correlationsTable(correlations, lang), lang)],
      3,
    ),
    section(
      'sodium',
      title('sodium'),
      [
        tableHtml(sodiumTable(result, lang), lang),
        figureHtml(sodiumFigure(document, result, lang), title('sodium')),
      ],
      3,
    ),
  ]);
}

function readingQualityHtml(document: PlotDocument, result: AnalysisResult, lang: Lang): string {
  const q = result.readingQuality;
  const facts: [string, string][] = [
    [
      `${reportText('withinDeadline', lang)} (${q.deadlineDays} d)`,
      formatProportion(q.finalWithinDeadline, lang, true),
    ],
    [reportText('daysToFinal', lang), formatMedianIqr(q.daysToFinal, lang)],
  ];
  return section('reading-quality', reportText('readingQuality', lang), [
    `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
    figureHtml(readingTimesFigure(document, result, lang), reportText('daysToFinal', lang)),
    tableHtml(agreementTable(result, lang), lang),
  ]);
}

/** The report's top-level sections, for its table of contents. */
const SECTIONS = [
  ['provenance', 'provenance'],
  ['baseline', 'baseline'],
  ['primary', 'primary'],
  ['secondary', 'secondary'],
  ['reading-quality', 'readingQuality'],
  ['exclusions', 'exclusions'],
] as const;

export function renderReportHtml(result: AnalysisResult, lang: Lang): string {
  const document = parseHTML('<!doctype html><html><body></body></html>').document as unknown as PlotDocument;
  const title = `${reportText('title', lang)} — ${NCT04223817.nctId}`;
  const anyRows = result.primary.filter((row) => row.level === 'any');
  const contents = SECTIONS.map(
    ([id, key]) => `<li><a href="#${id}">${escapeHtml(reportText(key, lang))}</a></li>`,
  ).join('');
  return [
    '<!DOCTYPE html>',
    `<html xmlns="http://www.w3.org/1999/xhtml" lang="${lang}" xml:lang="${lang}">`,
    `<head><meta charset="utf-8"/><title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head>`,
    '<body>',
    `<header><h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(NCT04223817.title[lang])} · ${escapeHtml(NCT04223817.site.name)}</p>`,
    `<p>${escapeHtml(reportText('generated', lang))}: ${escapeHtml(result.provenance.generatedAt)}</p>`,
    result.provenance.synthetic
      ? `<p class="synthetic">${escapeHtml(reportText('synthetic', lang))}</p>`
      : '',
    '</header>',
    `<nav><h2 class="contents">${escapeHtml(reportText('contents', lang))}</h2><ol>${contents}</ol></nav>`,
    provenanceHtml(result, lang),
    section('baseline', reportText('baseline', lang), [
      tableHtml(baselineTable(result.baseline, result, lang), lang),
    ]),
    section('primary', reportText('primary', lang), [
      tableHtml(primaryTable('primary-any', reportText('primaryAny', lang), anyRows, lang), lang),
      ...PRIMARY_ABNORMALITIES.map((abnormality) => abnormalityHtml(document, result, abnormality, lang)),
    ]),
    secondaryHtml(document, result, lang),
    readingQualityHtml(document, result, lang),
    section('exclusions', reportText('exclusions', lang), [tableHtml(exclusionsTable(result, lang), lang)]),
    '</body></html>\n',
  ].join('\n');
}

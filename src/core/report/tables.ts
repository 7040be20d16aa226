/**
 * The outcome report's tables as data: localized headers and formatted cells, each cell with a value to sort by.
 * The HTML report writes them as <table>s and the web outcomes page as sortable Mantine tables, so both show the
 * same figures in the same words. One function per table of the outcome list.
 */
import type {
  AnalysisResult,
  BaselineRow,
  BinaryComparison,
  ContinuousSummary,
  CorrelationRow,
  PrimaryRow,
  SecondaryBinaryRow,
} from '../analysis/types.ts';
import { MEASURE_LABELS } from '../analysis/types.ts';
import { ARMS, type Arm } from '../study/protocol.ts';
import {
  NONE,
  formatDifference,
  formatEstimate,
  formatMeanSd,
  formatMedianIqr,
  formatNumber,
  formatP,
  formatProportion,
  type Lang,
} from './format.ts';
import {
  EXCLUSION_LABELS,
  LEVEL_LABELS,
  abnormalityLabel,
  armHeader,
  reportText,
  type ReportTextKey,
} from './text.ts';

export interface Cell {
  text: string;
  /** What the column sorts by: a number where the text is a figure, else the text. */
  sort: number | string;
}

export interface TableRow {
  /** Unique within the table: the row's outcome id (`erosion:R.MCP2`), a participant code… */
  key: string;
  cells: Cell[];
}

export interface TableModel {
  /** Stable id, used as the HTML id and in tests. */
  id: string;
  caption: string;
  columns: string[];
  rows: TableRow[];
}

/** The key of a primary row, as the report and the web page give it: `erosion:any`, `erosion:R.MCP2`. */
export const primaryRowKey = (row: Pick<PrimaryRow, 'abnormality' | 'site'>): string =>
  `${row.abnormality}:${row.site}`;

const cell = (text: string, sort: number | string | null = text): Cell => ({ text, sort: sort ?? -Infinity });
const header = (key: ReportTextKey, lang: Lang) => reportText(key, lang);

const missingCell = (missing: Record<Arm, number>) =>
  cell(`${missing.ssc}/${missing.control}`, missing.ssc + missing.control);

/** The comparison columns shared by every yes/no outcome: arms with CI, difference, odds ratio, p. */
function comparisonColumns(lang: Lang): string[] {
  return [
    ...ARMS.map((arm) => armHeader(arm, lang)),
    header('difference', lang),
    header('oddsRatio', lang),
    header('pValue', lang),
  ];
}

function comparisonCells(row: BinaryComparison, lang: Lang): Cell[] {
  return [
    ...ARMS.map((arm) => cell(formatProportion(row[arm], lang, true), row[arm].estimate)),
    cell(formatDifference(row.difference, lang), row.difference?.estimate ?? null),
    cell(formatEstimate(row.oddsRatio, lang), row.oddsRatio?.estimate ?? null),
    cell(formatP(row.pValue, lang), row.pValue),
  ];
}

/** The primary table: the `any` rows or a family of sites, with the adjusted p beside the raw one. */
export function primaryTable(
  id: string,
  caption: string,
  rows: readonly PrimaryRow[],
  lang: Lang,
): TableModel {
  return {
    id,
    caption,
    columns: [
      header('abnormality', lang),
      header('site', lang),
      header('level', lang),
      ...comparisonColumns(lang),
      header('pAdjusted', lang),
      header('missing', lang),
    ],
    rows: rows.map((row) => ({
      key: primaryRowKey(row),
      cells: [
        cell(abnormalityLabel(row.abnormality, lang)),
        cell(row.level === 'any' ? LEVEL_LABELS.any[lang] : row.label[lang]),
        cell(LEVEL_LABELS[row.level][lang]),
        ...comparisonCells(row, lang),
        cell(formatP(row.pAdjusted, lang), row.pAdjusted),
        missingCell(row.missing),
      ],
    })),
  };
}

function summaryText(s: ContinuousSummary, lang: Lang): string {
  if (s.n === 0) return NONE;
  return `${formatMedianIqr(s, lang)}; ${formatMeanSd(s, lang)}`;
}

/** Table 1: one line per continuous variable, one per level of a categorical one under its variable's line. */
export function baselineTable(rows: readonly BaselineRow[], result: AnalysisResult, lang: Lang): TableModel {
  const analysed = result.provenance.counts.analysed;
  const body = rows.flatMap((row): TableRow[] => {
    const name = row.type === 'continuous' && row.unit ? `${row.label[lang]} (${row.unit})` : row.label[lang];
    const test = cell(row.test ?? NONE);
    if (row.type === 'continuous') {
      return [
        {
          key: row.variable,
          cells: [
            cell(name),
            ...ARMS.map((arm) =>
              cell(row.arms.includes(arm) ? summaryText(row[arm], lang) : NONE, row[arm].median),
            ),
            cell(formatP(row.pValue, lang), row.pValue),
            test,
            cell(`${row.ssc.missing}/${row.control.missing}`, row.ssc.missing + row.control.missing),
          ],
        },
      ];
    }
    return [
      {
        key: row.variable,
        cells: [
          cell(name),
          cell(''),
          cell(''),
          cell(formatP(row.pValue, lang), row.pValue),
          test,
          missingCell(row.missing),
        ],
      },
      ...row.levels.map((level) => ({
        key: `${row.variable}:${level.value}`,
        cells: [
          cell(`  ${level.label[lang]}`),
          ...ARMS.map((arm) =>
            cell(row.arms.includes(arm) ? formatProportion(level[arm], lang) : NONE, level[arm].estimate),
          ),
          cell(''),
          cell(''),
          cell(''),
        ],
      })),
    ];
  });
  return {
    id: 'baseline',
    caption: header('baseline', lang),
    columns: [
      header('variable', lang),
      ...ARMS.map((arm) => armHeader(arm, lang, analysed[arm])),
      header('pValue', lang),
      header('test', lang),
      header('missing', lang),
    ],
    rows: body,
  };
}

/** A secondary yes/no outcome table (arteries, fingers, participants, venous return). */
export function secondaryTable(
  id: string,
  caption: string,
  rows: readonly SecondaryBinaryRow[],
  lang: Lang,
): TableModel {
  return {
    id,
    caption,
    columns: [header('variable', lang), ...comparisonColumns(lang), header('missing', lang)],
    rows: rows.map((row) => ({
      key: `${row.unit}:${row.side ?? ''}:${row.id}`,
      cells: [cell(row.label[lang]), ...comparisonCells(row, lang), missingCell(row.missing)],
    })),
  };
}

export function leydenChangTable(result: AnalysisResult, lang: Lang): TableModel {
  const distribution = result.secondary.arterial.leydenChang;
  return {
    id: 'leyden-chang',
    caption: `${header('leydenChang', lang)} (Fisher p = ${formatP(distribution.pValue, lang)})`,
    columns: [header('leydenChang', lang), ...ARMS.map((arm) => armHeader(arm, lang))],
    rows: distribution.categories.map((category) => ({
      key: category.value,
      cells: [
        cell(category.label[lang], category.value),
        ...ARMS.map((arm) => cell(formatProportion(category[arm], lang), category[arm].estimate)),
      ],
    })),
  };
}

function correlationCells(row: CorrelationRow, lang: Lang): Cell[] {
  const spearman = row.spearman;
  const mw = row.mannWhitney;
  const fisher = row.fisher;
  return [
    cell(
      spearman
        ? `${formatEstimate({ estimate: spearman.rho, ci: spearman.ci }, lang)}, p = ${formatP(spearman.pValue, lang)}`
        : NONE,
      spearman?.rho ?? null,
    ),
    cell(
      mw ? `${formatP(mw.pValue, lang)} (${formatNumber(mw.rankBiserial, lang, 2)})` : NONE,
      mw?.pValue ?? null,
    ),
    cell(
      fisher
        ? `${formatEstimate({ estimate: fisher.oddsRatio, ci: fisher.ci }, lang)}, p = ${formatP(fisher.pValue, lang)}`
        : NONE,
      fisher?.pValue ?? null,
    ),
  ];
}

export function correlationsTable(rows: readonly CorrelationRow[], lang: Lang): TableModel {
  return {
    id: 'correlations',
    caption: header('correlations', lang),
    columns: [
      header('measure', lang),
      header('factor', lang),
      header('n', lang),
      header('spearman', lang),
      header('mannWhitney', lang),
      header('fisher', lang),
    ],
    rows: rows.map((row) => ({
      key: `${row.measure}:${row.factor}`,
      cells: [
        cell(MEASURE_LABELS[row.measure][lang]),
        cell(row.factorLabel[lang]),
        cell(`${row.n} (${row.missing})`, row.n),
        ...correlationCells(row, lang),
      ],
    })),
  };
}

export function sodiumTable(result: AnalysisResult, lang: Lang): TableModel {
  return {
    id: 'sodium',
    caption: `${header('sodium', lang)} (mmol/L)`,
    columns: [
      header('joint', lang),
      ...ARMS.map(
        (arm) => `${armHeader(arm, lang)}: ${header('meanSd', lang)}; ${header('medianIqr', lang)}`,
      ),
      header('welch', lang),
      header('mannWhitney', lang),
    ],
    rows: result.secondary.sodium.map((row) => ({
      key: row.joint,
      cells: [
        cell(row.label[lang]),
        ...ARMS.map((arm) =>
          cell(
            `${formatMeanSd(row[arm], lang)}; ${formatMedianIqr(row[arm], lang)} (n = ${row[arm].n})`,
            row[arm].mean,
          ),
        ),
        cell(
          row.welch
            ? `${formatEstimate({ estimate: row.welch.difference, ci: row.welch.ci }, lang)}, p = ${formatP(row.welch.pValue, lang)}`
            : NONE,
          row.welch?.pValue ?? null,
        ),
        cell(row.mannWhitney ? formatP(row.mannWhitney.pValue, lang) : NONE, row.mannWhitney?.pValue ?? null),
      ],
    })),
  };
}

export function agreementTable(result: AnalysisResult, lang: Lang): TableModel {
  return {
    id: 'agreement',
    caption: header('agreement', lang),
    columns: [header('item', lang), header('weighting', lang), header('pairs', lang), header('kappa', lang)],
    rows: result.readingQuality.agreement.map((row) => ({
      key: row.item,
      cells: [
        cell(row.label[lang]),
        cell(row.weighting),
        cell(String(row.pairs), row.pairs),
        cell(formatNumber(row.kappa, lang, 2), row.kappa),
      ],
    })),
  };
}

export function exclusionsTable(result: AnalysisResult, lang: Lang): TableModel {
  const armOf = new Map(result.participants.map((p) => [p.code, p.arm]));
  return {
    id: 'exclusions',
    caption: header('exclusions', lang),
    columns: [
      header('participant', lang),
      header('arm', lang),
      header('reason', lang),
      header('detail', lang),
    ],
    rows: result.provenance.exclusions.map((e) => {
      const arm = armOf.get(e.code);
      return {
        key: e.code,
        cells: [
          cell(e.code),
          cell(arm ? armHeader(arm, lang) : NONE),
          cell(EXCLUSION_LABELS[e.reason][lang]),
          cell(e.detail ?? ''),
        ],
      };
    }),
  };
}

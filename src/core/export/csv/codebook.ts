import type { LocalizedText } from '../../instruments/types.ts';
import { stringify } from 'csv-stringify/sync';
import type { ExportSnapshot } from '../snapshot.ts';
import type { Table, Variable } from './table.ts';

/**
 * The codebook of the tidy CSV export, as CSV (one row per file × variable) and as Markdown (one section per file):
 * label in English and French, type, unit, allowed values with their labels, the column holding the missing-data
 * code, the source instrument and version, and whether the variable is free text or directly identifying.
 */

type Lang = keyof LocalizedText;

const valuesText = (v: Variable, lang: Lang): string =>
  (v.values ?? []).map((x) => `${x.code} = ${x.label[lang]}`).join(' | ');

export const CODEBOOK_COLUMNS = [
  'file',
  'variable',
  'label_en',
  'label_fr',
  'type',
  'unit',
  'values_en',
  'values_fr',
  'missing_code_column',
  'source',
  'free_text',
  'identifying',
] as const;

export function codebookCsv(tables: readonly Table[]): string {
  const rows = tables.flatMap((t) =>
    t.variables.map((v) => [
      `${t.name}.csv`,
      v.name,
      v.label.en,
      v.label.fr,
      v.type,
      v.unit ?? '',
      valuesText(v, 'en'),
      valuesText(v, 'fr'),
      v.missingColumn ?? '',
      v.source,
      v.freeText ? 'yes' : 'no',
      v.identifying ? 'yes' : 'no',
    ]),
  );
  return stringify([[...CODEBOOK_COLUMNS], ...rows], { record_delimiter: 'unix' });
}

/** Markdown table cells: pipes escaped, line breaks flattened. */
const md = (value: string): string => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function codebookMarkdown(snapshot: ExportSnapshot, tables: readonly Table[]): string {
  const { study } = snapshot;
  const lines = [
    `# Codebook: ${study.nctId}, ${study.protocol.title.en}`,
    '',
    `Exported by Manus ${snapshot.manusVersion} on ${snapshot.generatedAt.slice(0, 10)}${study.synthetic ? ' from a **synthetic demo study**' : ''}.`,
    '',
    snapshot.identified
      ? '**Identified export**: real dates and identities. Handle under the study’s confidentiality rules.'
      : '**De-identified export**: participants appear only by code; every date of a participant is shifted by the same secret number of days (between 30 and 1,095 days earlier, so intervals within a participant are exact); directly identifying items are left out. Free-text variables (marked below) may still hold what a person typed: review them before sharing.',
    '',
    "Files are UTF-8 CSV with a header row, comma separators and `.` decimals; dates are ISO `YYYY-MM-DD`; an empty cell is missing. Why a value is missing is in the `<item>_missing` column (NASK not asked, UNK unknown, NA not applicable, ND not done). Text starting with `=`, `+`, `-`, `@` or `'` has one leading `'` added so that spreadsheets do not run it as a formula: remove one leading `'` from text cells to get the value back. `import.R` (readr and haven) and `import.sps` (SPSS or PSPP) load every file with its labels.",
    '',
  ];
  for (const table of tables) {
    lines.push(
      `## ${table.name}.csv — ${table.title.en} / ${table.title.fr}`,
      '',
      `One row per ${table.level.en} (${table.rows.length} rows).`,
      '',
      '| Variable | Label (en) | Label (fr) | Type | Unit | Values | Missing code in | Source | Notes |',
      '|---|---|---|---|---|---|---|---|---|',
      ...table.variables.map((v) => {
        const notes = [v.freeText ? 'free text' : '', v.identifying ? 'identifying' : '']
          .filter(Boolean)
          .join(', ');
        return `| ${[v.name, v.label.en, v.label.fr, v.type, v.unit ?? '', valuesText(v, 'en'), v.missingColumn ?? '', v.source, notes].map(md).join(' | ')} |`;
      }),
      '',
    );
  }
  return `${lines.join('\n')}`;
}

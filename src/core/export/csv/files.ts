import type { ExportSnapshot } from '../snapshot.ts';
import { codebookCsv, codebookMarkdown } from './codebook.ts';
import { importR, importSps, spssCsvPath } from './loaders.ts';
import { tableCsv } from './table.ts';
import { tidyTables } from './tables.ts';

export interface ExportFile {
  path: string;
  content: string;
}

/**
 * The tidy CSV export: one CSV per table, the copies without line breaks that SPSS reads when a table has any, the
 * codebook (CSV and Markdown), and the R and SPSS loaders.
 */
export function tidyCsvFiles(snapshot: ExportSnapshot): ExportFile[] {
  const tables = tidyTables(snapshot);
  return [
    ...tables.map((t) => ({ path: `${t.name}.csv`, content: tableCsv(t) })),
    ...tables
      .filter((t) => spssCsvPath(t) !== `${t.name}.csv`)
      .map((t) => ({ path: spssCsvPath(t), content: tableCsv(t, { flattenNewlines: true }) })),
    { path: 'codebook.csv', content: codebookCsv(tables) },
    { path: 'codebook.md', content: codebookMarkdown(snapshot, tables) },
    { path: 'import.R', content: importR(tables) },
    { path: 'import.sps', content: importSps(tables) },
  ];
}

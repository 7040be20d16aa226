import { tidyCsvFiles, type ExportFile } from '../../core/export/csv/files.ts';
import { redcapFiles } from '../../core/export/redcap/files.ts';
import type { ExportSnapshot } from '../../core/export/snapshot.ts';
import type { Database } from '../../db/connection.ts';
import { bidsFormat } from './bids.ts';
import { fhirFormat } from './fhir.ts';
import { odmFormat } from './odm.ts';
import type { ExportOutput } from './output.ts';

/**
 * The export formats: a name, what it holds, and its writer. The CLI (`manus export <format>`), the API
 * (`POST /api/exports`) and the web Exports page all list and run formats from this one registry.
 */
export interface ExportContext {
  /** For writers that read stored files (images) besides the snapshot. */
  database: Database;
  /** The data folder holding the stored images. */
  dataDir: string;
  /** Called as the writer advances, for the long formats' progress bars. */
  onProgress?: (done: number, total: number) => void;
}

/** Writes a snapshot's files to `out` and returns their paths, in the order written. */
export type ExportWriter = (
  snapshot: ExportSnapshot,
  context: ExportContext,
  out: ExportOutput,
) => Promise<string[]>;

export interface ExportFormat {
  name: string;
  description: string;
  /** Long exports (images) report progress; the web page shows a progress bar for them. */
  reportsProgress: boolean;
  write: ExportWriter;
}

/** Writes files a pure mapping produced, in order. */
async function writeAll(out: ExportOutput, files: readonly ExportFile[]): Promise<string[]> {
  for (const file of files) await out.write(file.path, file.content);
  return files.map((f) => f.path);
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    name: 'csv',
    description:
      'Tidy CSV, one file per observation level, with a codebook (CSV and Markdown) and R and SPSS loaders',
    reportsProgress: false,
    write: (snapshot, _context, out) => writeAll(out, tidyCsvFiles(snapshot)),
  },
  {
    name: 'redcap',
    description:
      'REDCap: data dictionary, events, instrument designation and the records CSV of a longitudinal project',
    reportsProgress: false,
    write: (snapshot, _context, out) => writeAll(out, redcapFiles(snapshot)),
  },
  odmFormat,
  fhirFormat,
  bidsFormat,
];

export const EXPORT_FORMAT_NAMES = EXPORT_FORMATS.map((f) => f.name);

export function findExportFormat(name: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.name === name);
}

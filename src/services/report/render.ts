/**
 * The outcome report as a file, for the API's download and `manus analyze --format html|pdf`: the analysis of the
 * study in the database, rendered in the language asked, with its media type and a file name that carries the
 * snapshot's hash prefix and the day, so that two downloads of different data never share a name.
 */
import type { AnalysisResult } from '../../core/analysis/types.ts';
import type { Lang } from '../../core/report/format.ts';
import { reportText } from '../../core/report/text.ts';
import { renderReportHtml } from './html.ts';
import { renderPdf } from './pdf.ts';

export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

export async function renderReport(
  result: AnalysisResult,
  format: ReportFormat,
  lang: Lang,
): Promise<ReportFile> {
  const html = renderReportHtml(result, lang);
  const day = result.provenance.generatedAt.slice(0, 10);
  const filename = `manus-outcomes-${day}-${result.provenance.snapshotSha256.slice(0, 8)}-${lang}.${format}`;
  if (format === 'html')
    return { body: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8', filename };
  const body = await renderPdf(html, { footer: reportText('footer', lang) });
  return { body, contentType: 'application/pdf', filename };
}

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import { ADJUST_METHODS, type AdjustMethod } from '../../core/analysis/types.ts';
import { toJsonValue } from '../../core/stats/json.ts';
import { printJson, withDatabase, type DataOptions } from '../context.ts';

interface AnalyzeOptions extends DataOptions {
  json?: boolean;
  format: string;
  out?: string;
  adjust: string;
  lang: string;
}

/** The output formats of `manus analyze`: the result as JSON, or the outcome report rendered from it. */
export const ANALYZE_FORMATS = ['json', 'html', 'pdf'] as const;
const REPORT_LANGUAGES = ['en', 'fr'] as const;
const isReportLanguage = (value: string): value is (typeof REPORT_LANGUAGES)[number] =>
  (REPORT_LANGUAGES as readonly string[]).includes(value);

const isAdjust = (value: string): value is AdjustMethod =>
  (ADJUST_METHODS as readonly string[]).includes(value);

/**
 * `manus analyze`: every outcome of the study from the data in the database (src/core/analysis). Like the other
 * commands it acts as the operating-system user, who holds the database itself: the role check (statisticians and
 * data managers, never radiologists) is the API's, `analysis.read`.
 */
export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description(
      'Compute the study outcomes (analysis set, Table 1, primary and secondary outcomes, reading quality, provenance)',
    )
    .option('--json', 'print the result as JSON on standard output (the default format)')
    .option('--format <format>', `output format: ${ANALYZE_FORMATS.join(', ')}`, 'json')
    .option('--out <file>', 'write the result to a file instead of standard output (required for pdf)')
    .option('--lang <lang>', `language of the html or pdf report: ${REPORT_LANGUAGES.join(', ')}`, 'en')
    .option(
      '--adjust <method>',
      `multiplicity adjustment within each family: ${ADJUST_METHODS.join(', ')}`,
      'holm',
    )
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action(async (options: AnalyzeOptions) => {
      const issues = [
        ...((ANALYZE_FORMATS as readonly string[]).includes(options.format)
          ? []
          : [
              {
                path: 'format',
                code: 'invalid_option' as const,
                message: `one of: ${ANALYZE_FORMATS.join(', ')}`,
              },
            ]),
        ...(isAdjust(options.adjust)
          ? []
          : [
              {
                path: 'adjust',
                code: 'invalid_option' as const,
                message: `one of: ${ADJUST_METHODS.join(', ')}`,
              },
            ]),
        ...(isReportLanguage(options.lang)
          ? []
          : [
              {
                path: 'lang',
                code: 'invalid_option' as const,
                message: `one of: ${REPORT_LANGUAGES.join(', ')}`,
              },
            ]),
        ...(options.format === 'pdf' && !options.out
          ? [
              {
                path: 'out',
                code: 'required' as const,
                message: 'a PDF is written to a file: give --out FILE',
              },
            ]
          : []),
      ];
      if (issues.length || !isAdjust(options.adjust) || !isReportLanguage(options.lang))
        throw new ManusError('bad_request', 'Invalid analyze options', issues);
      const adjust = options.adjust;
      const lang = options.lang;
      // Loaded only when the command runs: the analysis pulls in the whole statistics engine.
      const { analyzeStudy } = await import('../../services/analysis/run.ts');
      const result = await withDatabase(options, (db) => analyzeStudy(db, { adjust, confidenceLevel: 0.95 }));
      if (options.format === 'html' || options.format === 'pdf') {
        const { renderReport } = await import('../../services/report/render.ts');
        const file = await renderReport(result, options.format, lang);
        if (options.out) writeFileSync(options.out, file.body);
        else process.stdout.write(file.body);
        return;
      }
      // Infinite odds-ratio limits print as "Infinity", as `manus stats` prints them.
      const json = toJsonValue(result);
      if (options.out) writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
      else printJson(json);
    });
}

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import { dictionaryJson, LANGS, redcapCsv, type Lang } from '../../core/instruments/dictionary.ts';
import { importTidyCsv } from '../../services/export/csv-import.ts';
import { EXPORT_FORMATS } from '../../services/export/formats.ts';
import { folderOutput } from '../../services/export/output.ts';
import { runExport } from '../../services/export/run.ts';
import { cliActor, printJson, withDatabase, type DataOptions } from '../context.ts';

interface DataExportOptions extends DataOptions {
  out: string;
  identified?: boolean;
}

interface DictionaryOptions {
  format: string;
  lang: string;
  out?: string;
}

const FORMATS = ['redcap', 'json'] as const;

const oneOf = (path: string, value: string, allowed: readonly string[]) =>
  allowed.includes(value)
    ? []
    : [{ path, code: 'invalid_option' as const, message: `one of: ${allowed.join(', ')}` }];

export function registerExportCommands(program: Command): void {
  program
    .command('import-csv')
    .description(
      'Re-import a tidy CSV export (manus export csv) into an empty database: participants, consents, statuses and forms, scored again',
    )
    .argument('<folder>', 'the folder `manus export csv --out` wrote')
    .option('--data-dir <dir>', 'data folder (default: MANUS_DATA_DIR or ./data)')
    .action(async (folder: string, options: DataOptions) => {
      printJson(await withDatabase(options, (db) => importTidyCsv(db, cliActor(), folder)));
    });
  const exporter = program.command('export').description('Export the study data, or its data dictionary');
  for (const format of EXPORT_FORMATS) {
    exporter
      .command(format.name)
      .description(format.description)
      .requiredOption('--out <folder>', 'folder to write the export into (created if needed)')
      .option(
        '--identified',
        'real dates and identities instead of codes and shifted dates (audited; for those who may read identities)',
      )
      .option('--data-dir <dir>', 'data folder (default: MANUS_DATA_DIR or ./data)')
      .action(async (options: DataExportOptions) => {
        const result = await withDatabase(options, (db) =>
          runExport(
            db,
            cliActor(),
            { format: format.name, identified: options.identified === true },
            folderOutput(options.out),
          ),
        );
        printJson({ ...result, out: options.out });
      });
  }
  exporter
    .command('dictionary')
    .description('The data dictionary of every instrument: REDCap data-dictionary CSV (18 columns) or JSON')
    .requiredOption('--format <format>', 'redcap or json')
    .option('--lang <lang>', 'language of the REDCap labels: en or fr (the JSON carries both)', 'en')
    .option('--out <file>', 'write to a file instead of standard output')
    .action((options: DictionaryOptions) => {
      const issues = [...oneOf('format', options.format, FORMATS), ...oneOf('lang', options.lang, LANGS)];
      if (issues.length) throw new ManusError('bad_request', 'Invalid export options', issues);
      const content =
        options.format === 'redcap'
          ? redcapCsv(undefined, options.lang as Lang)
          : `${JSON.stringify(dictionaryJson(), null, 2)}\n`;
      if (options.out) writeFileSync(options.out, content);
      else process.stdout.write(content);
    });
}

import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import { skipOptimisingCompilerForShortImport } from '../../imaging/import/compilation.ts';
import { runImport } from '../../services/imaging/import.ts';
import { countSources, importSources } from '../../imaging/import/sources.ts';
import { cliActor, printJson, withDatabase, databaseOptions, type DataOptions } from '../context.ts';
import { progress } from '../progress.ts';
import { DEFAULT_DATA_DIR } from '../../db/connection.ts';

interface ImportOptions extends DataOptions {
  participant?: string;
  exam?: string;
  json?: boolean;
  workers?: string;
  keepOriginals?: boolean;
}

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('De-identify and store DICOM files, folders (recursive) and zip archives')
    .argument('<path...>', 'files, folders or zip archives')
    .option('--participant <code>', 'participant code (P-0001); its only MRI exam receives the images')
    .option('--exam <id>', 'MRI exam id or blinded exam code (MR-…)')
    .option('--json', 'print the summary as JSON on standard output')
    .option('--workers <n>', 'worker threads parsing in parallel (default: one per core, at most 4)')
    .option(
      '--keep-originals',
      'also keep each original (identifying) file in the admin-only quarantine, <data dir>/quarantine/',
    )
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action(async (paths: string[], options: ImportOptions) => {
      const workers = options.workers === undefined ? undefined : Number(options.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
        throw new ManusError(
          'bad_request',
          `--workers must be an integer from 0 to 64, not ${options.workers}`,
          [{ path: 'workers', code: 'out_of_range', message: '0-64' }],
        );
      }
      const dataDir = databaseOptions(options).dataDir ?? DEFAULT_DATA_DIR;
      await withDatabase(options, async (db) => {
        const total = await countSources(paths);
        skipOptimisingCompilerForShortImport(total);
        const bar = progress('Importing', total);
        let shown = 0;
        const summary = await runImport(importSources(paths), {
          db,
          actor: cliActor(),
          dataDir,
          participant: options.participant,
          exam: options.exam,
          keepOriginals: options.keepOriginals === true,
          ...(workers !== undefined ? { workers } : {}),
          onProgress: (done) => {
            bar.advance(done - shown);
            shown = done;
          },
        }).finally(() => bar.stop());
        if (options.json) printJson(summary);
        else {
          const series = summary.studies.reduce((n, s) => n + s.series.length, 0);
          process.stdout.write(
            `Imported ${summary.imported}, already stored ${summary.skipped}, in ${series} series; ${summary.errors.length} file(s) not imported\n`,
          );
          for (const e of summary.errors) process.stdout.write(`  ${e.path}: ${e.reason}\n`);
        }
        // Exit 0 when something was imported or already there; 1 when every file failed; 2 when nothing was found.
        if (summary.imported + summary.skipped === 0) process.exitCode = summary.errors.length > 0 ? 1 : 2;
      });
    });
}

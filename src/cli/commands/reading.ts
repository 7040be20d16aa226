import type { Command } from 'commander';
import { exportReadings, readingAgreement } from '../../services/reading/export.ts';
import { printJson, withDatabase, type DataOptions } from '../context.ts';

interface ReadingOptions extends DataOptions {
  json?: boolean;
}

const percent = (value: number | null) => (value === null ? '-' : `${value.toFixed(1)}%`);
const kappa = (value: number | null) => (value === null ? '-' : value.toFixed(3));

/** `manus reading`: the readings for analysis and the inter-reader agreement, for data managers (issue 11 §9). */
export function registerReadingCommands(program: Command): void {
  const reading = program
    .command('reading')
    .description('Export the MRI readings and the inter-reader agreement');
  reading
    .command('export')
    .description(
      'Every submitted or final reading (read, consensus, agreed); exactly one record per final exam has final: true. Names participants: for data managers only',
    )
    .option('--json', 'print the records as JSON on standard output')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action(async (options: ReadingOptions) => {
      const records = await withDatabase(options, exportReadings);
      if (options.json) return printJson(records);
      for (const r of records)
        process.stdout.write(
          `${r.examCode}\t${r.participant}\t${r.kind}\t${r.reader ?? '-'}\t${r.status}\t${r.final ? 'final' : ''}\t${r.findings.length} findings\n`,
        );
    });
  reading
    .command('agreement')
    .description(
      "Inter-reader agreement per item, pooled over exams and sites: pairs, percentage agreement, Cohen's kappa (weighting stated)",
    )
    .option('--json', 'print { items } as JSON on standard output')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action(async (options: ReadingOptions) => {
      const { items } = await withDatabase(options, readingAgreement);
      if (options.json) return printJson({ items });
      for (const i of items)
        process.stdout.write(
          `${i.item}\t${i.weighting}\t${i.pairs} pairs\t${percent(i.percentAgreement)}\tkappa ${kappa(i.kappa)}\n`,
        );
    });
}

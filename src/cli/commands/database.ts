import type { Command } from 'commander';
import { migrateToLatest, openDatabase } from '../../db/connection.ts';
import { ManusError } from '../../core/errors.ts';
import { databaseOptions, printJson, withDatabase, type DataOptions } from '../context.ts';

interface DemoOptions extends DataOptions {
  cohort?: string;
}

export function registerDatabaseCommands(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations and print what was applied as JSON')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action(async (options: DataOptions) => {
      const db = await openDatabase({ ...databaseOptions(options), migrate: false });
      try {
        const result = await migrateToLatest(db);
        printJson({
          engine: db.engine,
          location: db.location,
          applied: (result.results ?? []).map((r) => ({ migration: r.migrationName, status: r.status })),
        });
      } finally {
        await db.close();
      }
    });
  program
    .command('demo')
    .description(
      'Seed the SYNTHETIC demo study (50 invented participants and one account per role) into an empty database',
    )
    .option(
      '--cohort <n>',
      'instead, generate a SYNTHETIC cohort of n participants with clinical forms, final readings and sodium results (no images; bulk-written, audited as one event)',
    )
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action((options: DemoOptions) =>
      withDatabase(options, async (db) => {
        if (options.cohort !== undefined) {
          const participants = Number(options.cohort);
          const { generateCohort } = await import('../../services/demo/cohort.ts');
          return printJson({
            seeded: true,
            synthetic: true,
            ...(await generateCohort(db, { participants })),
          });
        }
        // The seed and its image generator load only here, not for `manus migrate`.
        const { isDatabaseEmpty } = await import('../../db/demo/seed.ts');
        const { seedDemoStudy } = await import('../../services/demo/seed.ts');
        if (!(await isDatabaseEmpty(db))) {
          throw new ManusError(
            'conflict',
            `The database at ${db.location} already holds a study; demo data goes only into an empty one`,
          );
        }
        const { accounts, timings } = await seedDemoStudy(db);
        printJson({ seeded: true, participants: 50, exams: timings.exams, accounts });
      }),
    );
}

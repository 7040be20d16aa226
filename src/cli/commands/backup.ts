import type { Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../../db/connection.ts';
import { backup } from '../../services/backup/backup.ts';
import { restore } from '../../services/backup/restore.ts';
import { cliActor, databaseOptions, printJson, withDatabase, type DataOptions } from '../context.ts';

interface BackupOptions extends DataOptions {
  out: string;
}

/** The data folder of the images (and of the SQLite database): the option, $MANUS_DATA_DIR, or ./data. */
const dataDirOf = (options: DataOptions): string => databaseOptions(options).dataDir ?? DEFAULT_DATA_DIR;

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'Back up the database (SQLite backup API, or pg_dump), the stored images and the kept originals into a new ' +
        'folder with a manifest of SHA-256 sums; safe while the server runs',
    )
    .requiredOption('--out <dir>', 'the backup folder to create (must not exist)')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action((options: BackupOptions) =>
      withDatabase(options, async (db) => {
        const databaseUrl = process.env.DATABASE_URL;
        const orthancUrl = process.env.ORTHANC_URL?.trim();
        printJson(
          await backup({
            db,
            actor: cliActor(),
            dataDir: dataDirOf(options),
            out: options.out,
            ...(databaseUrl ? { databaseUrl } : {}),
            ...(orthancUrl ? { orthancUrl } : {}),
          }),
        );
      }),
    );
  program
    .command('restore')
    .description(
      'Check a backup folder against its manifest, then restore it into an empty data folder (and, for a ' +
        'PostgreSQL backup, the empty database of DATABASE_URL)',
    )
    .argument('<backup>', 'the folder written by manus backup')
    .requiredOption('--data-dir <dir>', 'the empty (or new) data folder to restore into')
    .action(async (from: string, options: Required<DataOptions>) => {
      const databaseUrl = process.env.DATABASE_URL;
      printJson(
        await restore({
          from,
          dataDir: options.dataDir,
          actor: cliActor(),
          ...(databaseUrl ? { databaseUrl } : {}),
        }),
      );
    });
}

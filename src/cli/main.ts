import { Command, CommanderError } from 'commander';
import { MANUS_VERSION } from '../version.ts';
import { describeError, exitCodeFor } from './context.ts';

// `manus … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

type Register = (program: Command) => void;

/**
 * The module declaring each top-level command, imported only when that command runs: `manus score` never loads the
 * database, the server or the imaging code. Modules declaring several commands are listed once per command.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  start: () => import('./commands/server.ts').then((m) => m.registerServerCommands),
  serve: () => import('./commands/server.ts').then((m) => m.registerServerCommands),
  migrate: () => import('./commands/database.ts').then((m) => m.registerDatabaseCommands),
  demo: () => import('./commands/database.ts').then((m) => m.registerDatabaseCommands),
  study: () => import('./commands/study.ts').then((m) => m.registerStudyCommands),
  user: () => import('./commands/user.ts').then((m) => m.registerUserCommands),
  audit: () => import('./commands/audit.ts').then((m) => m.registerAuditCommands),
  import: () => import('./commands/import.ts').then((m) => m.registerImportCommands),
  store: () => import('./commands/store.ts').then((m) => m.registerStoreCommands),
  reading: () => import('./commands/reading.ts').then((m) => m.registerReadingCommands),
  analyze: () => import('./commands/analyze.ts').then((m) => m.registerAnalyzeCommand),
  score: () => import('./commands/score.ts').then((m) => m.registerScoreCommand),
  export: () => import('./commands/export.ts').then((m) => m.registerExportCommands),
  stats: () => import('./commands/stats.ts').then((m) => m.registerStatsCommands),
  quantify: () => import('./commands/quantify.ts').then((m) => m.registerQuantifyCommand),
  phantom: () => import('./commands/phantom.ts').then((m) => m.registerPhantomCommand),
  backup: () => import('./commands/backup.ts').then((m) => m.registerBackupCommands),
  restore: () => import('./commands/backup.ts').then((m) => m.registerBackupCommands),
};

/**
 * The declarations to load for these arguments: the named command's, or every one (in the order of the list, each
 * module once) for the general help, `help <command>` and an unknown command, which commander reports.
 */
async function registrations(args: readonly string[]): Promise<Register[]> {
  const first = args.find((arg) => !arg.startsWith('-'));
  if (first === undefined && args.some((arg) => arg === '-V' || arg === '--version')) return [];
  const named = first === undefined ? undefined : COMMANDS[first];
  if (named) return [await named()];
  return [...new Set(await Promise.all(Object.values(COMMANDS).map((load) => load())))];
}

const program = new Command('manus')
  .description('Manus: run the NCT04223817 7 T hand-MRI study end to end')
  .version(MANUS_VERSION)
  .showHelpAfterError()
  .exitOverride();

/** The command being run, whose options name the fields of its errors. */
let running: Command | undefined;
program.hook('preAction', (_program, command) => {
  running = command;
});

try {
  for (const register of await registrations(process.argv.slice(2))) register(program);
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors (unknown option, missing argument) exit 2.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`${describeError(error, running)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}

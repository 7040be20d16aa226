import { Command, CommanderError } from 'commander';
import { MANUS_VERSION } from '../version.ts';
import { registerAnalyzeCommand } from './commands/analyze.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerDatabaseCommands } from './commands/database.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerExportCommands } from './commands/export.ts';
import { registerPhantomCommand } from './commands/phantom.ts';
import { registerQuantifyCommand } from './commands/quantify.ts';
import { registerReadingCommands } from './commands/reading.ts';
import { registerScoreCommand } from './commands/score.ts';
import { registerServerCommands } from './commands/server.ts';
import { registerStatsCommands } from './commands/stats.ts';
import { registerStoreCommands } from './commands/store.ts';
import { registerUserCommands } from './commands/user.ts';
import { describeError, exitCodeFor } from './context.ts';

// `manus … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('manus')
  .description('Manus: run the NCT04223817 7 T hand-MRI study end to end')
  .version(MANUS_VERSION)
  .showHelpAfterError()
  .exitOverride();

registerServerCommands(program);
registerDatabaseCommands(program);
registerUserCommands(program);
registerAuditCommands(program);
registerImportCommands(program);
registerStoreCommands(program);
registerReadingCommands(program);
registerAnalyzeCommand(program);
registerScoreCommand(program);
registerExportCommands(program);
registerStatsCommands(program);
registerQuantifyCommand(program);
registerPhantomCommand(program);

/** The command being run, whose options name the fields of its errors. */
let running: Command | undefined;
program.hook('preAction', (_program, command) => {
  running = command;
});

try {
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

import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import { isRole, ROLES } from '../../core/security/roles.ts';
import { createUser, listUsers } from '../../db/repositories/users.ts';
import { withTransaction } from '../../db/transaction.ts';
import { cliActor, printJson, readStdin, withDatabase, type DataOptions } from '../context.ts';

interface AddOptions extends DataOptions {
  username: string;
  role: string;
  displayName?: string;
  passwordStdin?: boolean;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage user accounts');
  user
    .command('add')
    .description('Create an account; the password is read from standard input (first line)')
    .requiredOption('--username <username>', 'login name (lower-case letters, digits, . _ -)')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--display-name <name>', 'name shown in the app and in signatures (default: the username)')
    .option(
      '--password-stdin',
      'read the password from standard input (required: passwords never go on the command line)',
    )
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action(async (options: AddOptions) => {
      if (!isRole(options.role)) {
        throw new ManusError('bad_request', `Unknown role ${options.role}`, [
          { path: 'role', code: 'invalid_option', message: `one of: ${ROLES.join(', ')}` },
        ]);
      }
      if (!options.passwordStdin) {
        throw new ManusError('bad_request', 'Give --password-stdin and pipe the password in', [
          { path: 'password-stdin', code: 'required', message: 'required' },
        ]);
      }
      const password = (await readStdin()).split(/\r?\n/)[0] ?? '';
      const role = options.role;
      await withDatabase(options, async (db) => {
        const created = await withTransaction(db, (trx) =>
          createUser(trx, cliActor(), {
            username: options.username.trim().toLowerCase(),
            displayName: options.displayName ?? options.username,
            role,
            password,
          }),
        );
        printJson(created);
      });
    });
  user
    .command('list')
    .description('List accounts as JSON')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action((options: DataOptions) =>
      withDatabase(options, async (db) => printJson(await listUsers(db.kysely))),
    );
}

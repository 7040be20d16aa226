import type { Command } from 'commander';
import { NCT04223817 } from '../../core/study/protocol.ts';
import { createStudy, SITE_CODE_MAX } from '../../db/repositories/study.ts';
import { withTransaction } from '../../db/transaction.ts';
import { cliActor, printJson, withDatabase, type DataOptions } from '../context.ts';

interface InitOptions extends DataOptions {
  siteCode?: string;
  siteName?: string;
}

export function registerStudyCommands(program: Command): void {
  const study = program.command('study').description('Set up the study of this deployment');
  study
    .command('init')
    .description(
      `Create the real (not synthetic) ${NCT04223817.nctId} study and its site in an empty database, audited; ` +
        'exits 2 when a study exists',
    )
    .option(
      '--site-code <code>',
      `site code (upper-case letters, digits, -; at most ${SITE_CODE_MAX})`,
      NCT04223817.site.code,
    )
    .option('--site-name <name>', 'site name', NCT04223817.site.name)
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action((options: InitOptions) =>
      withDatabase(options, async (db) => {
        const created = await withTransaction(db, (trx) =>
          createStudy(trx, cliActor(), {
            synthetic: false,
            site: {
              code: options.siteCode ?? NCT04223817.site.code,
              name: options.siteName ?? NCT04223817.site.name,
            },
          }),
        );
        printJson({
          study: created.id,
          nctId: created.protocol.nctId,
          synthetic: created.synthetic,
          site: { code: created.siteCode, name: created.siteName },
          location: db.location,
        });
      }),
    );
}

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import type { AuditEvent } from '../../core/audit/event.ts';
import { csvCell } from '../../core/text/csv.ts';
import { listAudit, verifyAuditChain } from '../../db/audit.ts';
import { printJson, withDatabase, type DataOptions } from '../context.ts';
import { progress } from '../progress.ts';

const CSV_COLUMNS = [
  'seq',
  'ts',
  'userId',
  'username',
  'role',
  'action',
  'entityType',
  'entityId',
  'before',
  'after',
  'reason',
  'requestId',
  'prevHash',
  'hash',
] as const;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  return csvCell(
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value),
  );
}

const csvRow = (event: AuditEvent): string => CSV_COLUMNS.map((c) => csvField(event[c])).join(',');

interface ExportOptions extends DataOptions {
  format: string;
  out?: string;
}

const PAGE = 2000;

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Verify and export the hash-chained audit trail');
  audit
    .command('verify')
    .description('Recompute the hash chain; print JSON and exit 1 at the first broken link')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action((options: DataOptions) =>
      withDatabase(options, async (db) => {
        const result = await verifyAuditChain(db.kysely);
        printJson(result);
        if (!result.valid) process.exitCode = 1;
      }),
    );
  audit
    .command('export')
    .description('Export the whole trail in sequence order, streamed page by page')
    .requiredOption('--format <format>', 'csv or json (one JSON array)')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action(async (options: ExportOptions) => {
      if (options.format !== 'csv' && options.format !== 'json') {
        throw new ManusError('bad_request', `Unknown format ${options.format}`, [
          { path: 'format', code: 'invalid_option', message: 'csv or json' },
        ]);
      }
      await withDatabase(options, async (db) => {
        const total = Number(
          (
            await db.kysely
              .selectFrom('audit_event')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
        const bar = progress('Exporting audit events', total);
        const write = (text: string) =>
          new Promise<void>((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
        await write(options.format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '[');
        let afterSeq = 0;
        let first = true;
        for (;;) {
          const page = await listAudit(db.kysely, { afterSeq, limit: PAGE });
          for (const event of page) {
            await write(
              options.format === 'csv'
                ? `${csvRow(event)}\n`
                : `${first ? '\n' : ',\n'}${JSON.stringify(event)}`,
            );
            first = false;
          }
          bar.advance(page.length);
          if (page.length < PAGE) break;
          afterSeq = page[page.length - 1]!.seq;
        }
        if (options.format === 'json') await write('\n]\n');
        bar.stop();
        if (options.out) await new Promise<void>((resolve) => out.end(resolve));
      });
    });
}

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import { DEFAULT_DATA_DIR } from '../../db/connection.ts';
import {
  verifyStore,
  type ProblemKind,
  type StoredFileProblem,
  type VerificationReport,
} from '../../services/store/verify.ts';
import { cliActor, databaseOptions, printJson, withDatabase, type DataOptions } from '../context.ts';
import { progress, type Progress } from '../progress.ts';

interface VerifyOptions extends DataOptions {
  json?: boolean;
}

const KIND_LABELS: Record<ProblemKind, string> = {
  missing: 'missing',
  wrong_size: 'wrong size',
  wrong_content: 'wrong content',
  unreadable: 'unreadable',
};

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('Check the stored image files');
  store
    .command('verify')
    .description('Check every stored image file against its record; list what to re-import')
    .option('--json', 'print the report as JSON on standard output')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .addHelpText(
      'after',
      '\nChecks every file a record names: de-identified DICOM instances (<data dir>/dicom/, or Orthanc), NIfTI\n' +
        'series (<data dir>/nifti/) and kept originals (<data dir>/quarantine/). A file is intact when it exists, has\n' +
        'the recorded size and its SHA-256 is its key; instances in Orthanc are addressed by UID, so only their size\n' +
        'is checked. Files that no record names are listed as orphans: harmless, and left in place. Temporary\n' +
        'uploads (<data dir>/uploads/, identifying originals) are listed too: a server removes those of an\n' +
        'interrupted import when it starts.\n' +
        '\nRepair: re-import the original files of each series listed (manus import PATH --exam CODE, or without\n' +
        '--participant and --exam for an inbox study; with --keep-originals for a kept original): the import\n' +
        'compares each file it meets with what it would store and rewrites a missing or damaged one. Orthanc keeps\n' +
        'an instance it already holds: delete a damaged Orthanc instance first.\n' +
        '\nExit codes: 0 every file intact (orphans alone do not fail), 1 a file missing, of the wrong size or\n' +
        'content, or unreadable, 2 unusable arguments.\n',
    )
    .action(async (options: VerifyOptions) => {
      const dataDir = databaseOptions(options).dataDir ?? DEFAULT_DATA_DIR;
      // Opening the database would create an empty one there, and report nothing wrong.
      if (!existsSync(dataDir))
        throw new ManusError('bad_request', `No data folder at ${dataDir}`, [
          { path: 'data-dir', code: 'not_found', message: 'no such folder' },
        ]);
      await withDatabase(options, async (db) => {
        const started = performance.now();
        // Created on the first report, when the number of files is known.
        const bar: { current?: Progress } = {};
        let shown = 0;
        const report = await verifyStore({
          db,
          actor: cliActor(),
          dataDir,
          onProgress: ({ files, totalFiles }) => {
            bar.current ??= progress('Verifying', totalFiles);
            bar.current.advance(files - shown);
            shown = files;
          },
        }).finally(() => bar.current?.stop());
        if (options.json) printJson(report);
        else process.stdout.write(describeReport(report, (performance.now() - started) / 1000));
        if (report.problems.length > 0) process.exitCode = 1;
      });
    });
}

function describeReport(report: VerificationReport, seconds: number): string {
  const counts = (Object.keys(KIND_LABELS) as ProblemKind[])
    .map((kind) => [kind, report.problems.filter((p) => p.kind === kind).length] as const)
    .filter(([, n]) => n > 0);
  const problems = counts.map(([kind, n]) => `, ${n} ${KIND_LABELS[kind]}`).join('');
  const lines = [
    `Checked ${plural(report.checked, 'file')}, ${gigabytes(report.bytes)} GB, in ${seconds.toFixed(1)} s: ` +
      `${report.ok} intact${problems}; ${plural(report.orphans.length, 'orphan')}`,
  ];
  if (report.sizeOnly > 0)
    lines.push(
      `${report.sizeOnly} instances in Orthanc: size checked only (their keys are UIDs, not hashes)`,
    );
  if (report.checked > 0 && report.problems.filter((p) => p.kind === 'missing').length === report.checked)
    lines.push(
      'Every file is missing: is the data folder (--data-dir, MANUS_DATA_DIR) the one imported into?',
    );
  let group = '';
  for (const p of report.problems) {
    const heading = reimportHeading(p);
    if (heading !== group) lines.push(heading);
    group = heading;
    lines.push(`  ${describeProblem(p)}`);
  }
  if (report.uploads.length > 0) {
    lines.push(
      'Temporary uploads (identifying originals, not yet de-identified): waiting for their import, or left by a ' +
        'server stopped mid-import and removed at its next start:',
    );
    for (const u of report.uploads) lines.push(`  ${u.path} (${u.size} bytes)`);
  }
  if (report.orphans.length > 0) {
    lines.push('Orphan files (no record names them; harmless, left in place):');
    for (const o of report.orphans) lines.push(`  ${o.path} (${o.size} bytes)`);
  }
  return `${lines.join('\n')}\n`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const gigabytes = (bytes: number): string => (bytes / 1e9).toFixed(bytes < 1e8 ? 3 : 1);

/** Whose images to re-import, and how: into the exam, or into the inbox under the same inbox code. */
function reimportHeading(p: StoredFileProblem): string {
  if (p.pseudonym === null) return 'Series unknown (a kept original whose instance record is gone):';
  return p.examCode
    ? `Re-import ${p.pseudonym}, exam ${p.examCode} (manus import PATH --exam ${p.examCode}):`
    : `Re-import inbox patient ${p.pseudonym} (manus import PATH, without --participant or --exam):`;
}

function describeProblem(p: StoredFileProblem): string {
  const what =
    p.store === 'quarantine'
      ? `kept original (${p.format}; re-import with --keep-originals)`
      : p.format === 'nifti'
        ? 'NIfTI file'
        : `DICOM instance ${p.sopInstanceUid}`;
  // The description is what the user recognises among the original folders; the UIDs are de-identified ones.
  const series = p.seriesDescription
    ? `"${p.seriesDescription}" ${p.seriesInstanceUid}`
    : p.seriesInstanceUid;
  const where = `series ${series} of study ${p.studyInstanceUid}`;
  const file = p.path ?? `Orthanc ${p.key}`;
  const detail =
    p.kind === 'wrong_size'
      ? `: ${p.expectedSize} bytes recorded, ${p.foundSize} found`
      : p.kind === 'unreadable'
        ? `: ${p.error}`
        : '';
  // A re-import rewrites a missing or damaged file, but Orthanc keeps an instance it already holds.
  const first =
    p.store === 'orthanc' && p.kind !== 'missing' ? '; delete the instance from Orthanc first' : '';
  return `${KIND_LABELS[p.kind]}: ${what}, ${where} (${file}${detail})${first}`;
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEBOOK_COLUMNS } from '../../core/export/csv/codebook.ts';
import { parseCsv, parseCsvObjects } from '../../core/export/csv/parse.ts';
import type { Database } from '../../db/connection.ts';
import { TEST_ENGINES } from '../../db/testing/engines.ts';
import { testActor } from '../../db/testing/fixtures.ts';
import { folderOutput } from './output.ts';
import { runExport, type ExportResult } from './run.ts';
import { openExportTestStudy } from './testing.ts';

/**
 * The tidy CSV export of a small study, read back by the receiving tools themselves: R (readr + haven) through the
 * generated import.R and PSPP through import.sps, each required to finish without a single warning. Both are
 * Debian packages (r-base-core, r-cran-readr, r-cran-haven, pspp); without them the tool checks are skipped with
 * a notice, unless MANUS_REQUIRE_REFERENCE_TOOLS=1 (CI).
 */

const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const HAS_R = has('Rscript', ['-e', 'library(readr); library(haven)']);
const HAS_PSPP = has('pspp', ['--version']);
if ((!HAS_R || !HAS_PSPP) && process.env.MANUS_REQUIRE_REFERENCE_TOOLS === '1')
  throw new Error(
    'MANUS_REQUIRE_REFERENCE_TOOLS=1 but pspp, or Rscript with readr and haven, is not installed',
  );

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parseCsvObjects(readFileSync(path, 'utf8'));
const headerOf = (path: string): string[] => parseCsv(readFileSync(path, 'utf8'))[0]!;

describe('tidy CSV export', () => {
  let db: Database;
  let folder: string;
  let identifiedFolder: string;
  let result: ExportResult;
  beforeAll(async () => {
    db = await openExportTestStudy(TEST_ENGINES[0]!);
    folder = mkdtempSync(join(tmpdir(), 'manus-csv-'));
    identifiedFolder = mkdtempSync(join(tmpdir(), 'manus-csv-id-'));
    result = await runExport(db, testActor, { format: 'csv', identified: false }, folderOutput(folder));
    await runExport(db, testActor, { format: 'csv', identified: true }, folderOutput(identifiedFolder));
  });
  afterAll(async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(identifiedFolder, { recursive: true, force: true });
  });

  it('writes one file per observation level, with the codebook and both loaders', () => {
    expect(result.files).toEqual(
      expect.arrayContaining([
        'participants.csv',
        'forms/mrss.csv',
        'forms/treatments__immunosuppressants.csv',
        'readings_final.csv',
        'readings_by_reader.csv',
        'sodium.csv',
        'analysis_set.csv',
        'codebook.csv',
        'codebook.md',
        'import.R',
        'import.sps',
      ]),
    );
    expect(
      readCsv(join(folder, 'participants.csv')).map((r) => [r.participant_code, r.arm, r.status]),
    ).toEqual([
      ['P-0001', 'ssc', 'included'],
      ['P-0002', 'control', 'included'],
      ['P-0003', 'ssc', 'screening'],
    ]);
    expect(readCsv(join(folder, 'readings_by_reader.csv'))).toHaveLength(4);
    expect(readCsv(join(folder, 'readings_final.csv'))[0]).toMatchObject({
      site: 'R.MCP2',
      side: 'R',
      item: 'synovitis',
      grade: '2',
      lesion: '1',
    });
  });

  it('writes the analysis set as `manus analyze` decides it: every participant, analysed or not and why', () => {
    expect(
      readCsv(join(folder, 'analysis_set.csv')).map((r) => [
        r.participant_code,
        r.arm,
        r.analysed,
        r.exclusion_reason,
      ]),
    ).toEqual([
      ['P-0001', 'ssc', '0', 'incomplete_reading'],
      ['P-0002', 'control', '0', 'no_mri'],
      ['P-0003', 'ssc', '0', 'not_included'],
    ]);
    expect(readCsv(join(folder, 'analysis_set.csv'))[2]!.exclusion_detail).toBe('status screening');
  });

  it('is de-identified: no identity columns, no birth date, dates shifted; identified adds them back', () => {
    const header = headerOf(join(folder, 'participants.csv'));
    expect(header).not.toContain('family_name');
    expect(headerOf(join(folder, 'forms/demographics.csv'))).not.toContain('birth_date');
    expect(readFileSync(join(folder, 'codebook.md'), 'utf8')).toContain('De-identified export');
    const real = readCsv(join(identifiedFolder, 'participants.csv'));
    expect(real[0]).toMatchObject({
      family_name: 'Martin',
      birth_date: '1970-05-14',
      screening_date: '2026-02-20',
    });
    const shifted = readCsv(join(folder, 'participants.csv'));
    const gap = (r: Row) => Date.parse(r.inclusion_date!) - Date.parse(r.screening_date!);
    expect(shifted[0]!.screening_date).not.toBe('2026-02-20');
    expect(gap(shifted[0]!)).toBe(gap(real[0]!));
    expect(headerOf(join(identifiedFolder, 'forms/demographics.csv'))).toContain('birth_date');
  });

  it('keeps numbers numeric: missing-data codes go to <item>_missing, formula-like text is guarded', () => {
    const labs = readCsv(join(folder, 'forms/labs.csv'));
    expect(labs[0]).toMatchObject({ crp_value: '', crp_unit: '', crp_mg_l: '', crp_missing: 'NASK' });
    expect(Number(labs[0]!.nt_probnp_value)).toBeGreaterThan(0);
    const drugs = readCsv(join(folder, 'forms/treatments__immunosuppressants.csv'));
    expect(drugs.map((d) => d.other_name)).toEqual(['', '\'=HYPERLINK("x")\nsecond line']);
    expect(readFileSync(join(folder, 'spss/forms/treatments__immunosuppressants.csv'), 'utf8')).toContain(
      '\'=HYPERLINK(""x"") second line',
    );
  });

  it('describes every column of every file in the codebook, and nothing else', () => {
    const codebook = readCsv(join(folder, 'codebook.csv'));
    expect(Object.keys(codebook[0]!)).toEqual([...CODEBOOK_COLUMNS]);
    const csvFiles = result.files.filter(
      (f) => f.endsWith('.csv') && f !== 'codebook.csv' && !f.startsWith('spss/'),
    );
    const described = csvFiles.flatMap((file) => headerOf(join(folder, file)).map((v) => `${file}:${v}`));
    expect(codebook.map((r) => `${r.file}:${r.variable}`)).toEqual(described);
    expect(codebook.find((r) => r.variable === 'other_name')).toMatchObject({ free_text: 'yes' });
    expect(codebook.find((r) => r.file === 'forms/mrss.csv' && r.variable === 'score_total')).toMatchObject({
      type: 'number',
      source: 'mrss 1.0.0',
    });
  });

  it.skipIf(!HAS_R)('loads in R through import.R with readr and haven, without a warning', () => {
    const script = `options(warn = 2)
source("import.R", chdir = TRUE)
stopifnot(length(manus) == ${result.files.filter((f) => f.endsWith('.csv') && f !== 'codebook.csv' && !f.startsWith('spss/')).length})
stopifnot(identical(attr(manus$participants$arm, "labels"), c("Systemic sclerosis" = "ssc", "Control" = "control")))
stopifnot(identical(attr(manus$forms_mrss$score_total, "label"), "Modified Rodnan skin score: total"))
stopifnot(inherits(manus$participants$screening_date, "Date"))
stopifnot(is.integer(manus$readings_final$grade), is.double(manus$forms_bmi$weight_kg))
stopifnot(identical(attr(manus$analysis_set$analysed, "labels"), c("No" = 0L, "Yes" = 1L)))
stopifnot(identical(as.character(manus$analysis_set$exclusion_reason), c("incomplete_reading", "no_mri", "not_included")))
stopifnot(identical(manus$forms_treatments__immunosuppressants$other_name[2], "=HYPERLINK(\\"x\\")\\nsecond line"))
stopifnot(identical(as.character(manus$forms_labs$crp_missing), "NASK"), is.na(manus$forms_labs$crp_value))
cat("ok\\n")`;
    const run = spawnSync('Rscript', ['-e', script], { cwd: folder, encoding: 'utf8' });
    expect(`${run.stderr}`).not.toMatch(/warn|error/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ok');
  });

  it.skipIf(!HAS_PSPP)(
    'loads in PSPP through import.sps with labels and user-missing codes, without a warning',
    () => {
      const run = spawnSync('pspp', ['import.sps'], { cwd: folder, encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/warning|error/i);
      expect(run.status).toBe(0);
      if (!HAS_R) return;
      const check = spawnSync(
        'Rscript',
        [
          '-e',
          `options(warn = 2)
labs <- haven::read_sav("forms_labs.sav", user_na = TRUE)
stopifnot(unclass(labs$crp_value)[1] == -91, haven::is_tagged_na(labs$crp_value[1]) == FALSE)
stopifnot(identical(names(attr(labs$crp_value, "labels"))[attr(labs$crp_value, "labels") == -91], "Not asked"))
p <- haven::read_sav("participants.sav")
stopifnot(identical(attr(p$arm, "label"), "Arm"), "Systemic sclerosis" %in% names(attr(p$arm, "labels")))
a <- haven::read_sav("analysis_set.sav")
stopifnot(nrow(a) == 3, identical(attr(a$exclusion_reason, "label"), "Why not analysed"))
stopifnot("No MRI acquired" %in% names(attr(a$exclusion_reason, "labels")))
t <- haven::read_sav("forms_treatments__immunosuppressants.sav")
stopifnot(nrow(t) == 2, identical(t$other_name[2], "=HYPERLINK(\\"x\\") second line"))
cat("ok\\n")`,
        ],
        { cwd: folder, encoding: 'utf8' },
      );
      expect(check.stderr).toBe('');
      expect(check.stdout).toContain('ok');
    },
  );
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { seedExportTestStudy } from '../services/export/testing.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');

/** Runs the real `manus` executable (each run starts tsx: several seconds on a busy machine) on SQLite (DATABASE_URL unset, so a developer's PostgreSQL is not touched). */
function manus(args: string[]) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('manus export csv|redcap and manus import-csv', () => {
  let root: string;
  let source: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'manus-cli-export-'));
    source = join(root, 'source');
    const db = await openDatabase({ dataDir: source });
    await seedExportTestStudy(db);
    await db.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('exports the tidy CSV into a folder, then re-imports an identified one into an empty database', () => {
    const out = join(root, 'csv');
    const run = manus(['export', 'csv', '--out', out, '--data-dir', source]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      format: string;
      identified: boolean;
      participants: number;
      files: string[];
    };
    expect(result).toMatchObject({ format: 'csv', identified: false, participants: 3 });
    for (const file of result.files) expect(existsSync(join(out, file)), file).toBe(true);

    const deidentified = manus(['import-csv', out, '--data-dir', join(root, 'refused')]);
    expect(deidentified.code).toBe(2);
    expect(deidentified.stderr).toMatch(/de-identified export/);

    const identified = join(root, 'csv-identified');
    expect(manus(['export', 'csv', '--identified', '--out', identified, '--data-dir', source]).code).toBe(0);
    const restored = manus(['import-csv', identified, '--data-dir', join(root, 'restored')]);
    expect(restored.stderr).toBe('');
    expect(JSON.parse(restored.stdout)).toMatchObject({ participants: 3 });
  }, 120_000);

  it('exports REDCap files, and refuses a missing --out or an unknown format with exit 2', () => {
    const out = join(root, 'redcap');
    expect(manus(['export', 'redcap', '--out', out, '--identified', '--data-dir', source]).code).toBe(0);
    expect(existsSync(join(out, 'redcap_records.csv'))).toBe(true);
    expect(manus(['export', 'csv', '--data-dir', source]).code).toBe(2);
    expect(manus(['export', 'sav', '--out', out, '--data-dir', source]).code).toBe(2);
  }, 120_000);
});

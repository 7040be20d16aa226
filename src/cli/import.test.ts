import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithDcmtk } from '../imaging/testing/dcmtk.ts';
import { mixedFolder, type MixedFolder } from '../imaging/testing/mixed-folder.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');

function manus(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MANUS_DATA_DIR: dataDir, DATABASE_URL: '', ORTHANC_URL: '' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `manus import` through the real executable: the --json contract, idempotence and exit codes. */
describeWithDcmtk('manus import', () => {
  let dir: string;
  let dataDir: string;
  let folder: MixedFolder;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-cli-import-'));
    dataDir = join(dir, 'data');
    expect(manus(['demo'], dataDir).code).toBe(0);
    folder = mixedFolder(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports into a participant exam and prints the --json summary contract', () => {
    const first = manus(['import', folder.root, '--participant', 'P-0001', '--json'], dataDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(Object.keys(summary).sort()).toEqual(['errors', 'imported', 'skipped', 'studies']);
    expect(summary).toMatchObject({ imported: folder.instances, skipped: 0 });
    expect(summary.errors).toHaveLength(2);
    expect(Object.keys(summary.errors[0]).sort()).toEqual(['path', 'reason']);
    const series = summary.studies[0].series[0];
    expect(Object.keys(series).sort()).toEqual(
      [
        'columns',
        'frames',
        'instances',
        'modality',
        'nucleus',
        'rows',
        'seriesDescription',
        'seriesInstanceUid',
      ].sort(),
    );
    expect(summary.studies[0].studyInstanceUid).toMatch(/^2\.25\.\d+$/);

    expect(existsSync(join(dataDir, 'quarantine'))).toBe(false);

    // Asked again with --keep-originals, the instances are already stored but their originals are kept now.
    const again = manus(
      ['import', folder.root, '--participant', 'P-0001', '--json', '--keep-originals'],
      dataDir,
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skipped: folder.instances });
    const kept = readdirSync(join(dataDir, 'quarantine'), { recursive: true, encoding: 'utf8' });
    expect(kept.filter((f) => f.endsWith('.orig'))).toHaveLength(folder.instances);
  });

  it('exits 2 for unusable arguments and 1 when no file could be imported', () => {
    expect(manus(['import', join(dir, 'missing'), '--json'], dataDir).code).toBe(2);
    expect(manus(['import', folder.root, '--participant', 'P-9999'], dataDir).code).toBe(2);
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'not an image');
    const failed = manus(['import', junk, '--json'], dataDir);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).errors[0].reason).toMatch(/Not a DICOM/);
  });
});

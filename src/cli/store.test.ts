import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../db/audit.ts';
import { openDatabase } from '../db/connection.ts';
import { seedDemo } from '../db/demo/seed.ts';
import { describeWithDcmtk } from '../imaging/testing/dcmtk.ts';
import { mixedFolder, type MixedFolder } from '../imaging/testing/mixed-folder.ts';
import type { VerificationReport } from '../services/store/verify.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');

function manus(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MANUS_DATA_DIR: dataDir, DATABASE_URL: '', ORTHANC_URL: '' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROBLEM_FIELDS = [
  'examCode',
  'expectedSize',
  'format',
  'foundSize',
  'key',
  'kind',
  'path',
  'pseudonym',
  'seriesDescription',
  'seriesInstanceUid',
  'sopInstanceUid',
  'store',
  'studyInstanceUid',
];

/** `manus store verify` through the real executable: the report, the exit codes, the repair it asks for. */
describeWithDcmtk('manus store verify', () => {
  let dir: string;
  let dataDir: string;
  let folder: MixedFolder;
  let files: number;
  let runs = 0;
  const verify = (...args: string[]) => {
    runs += 1;
    return manus(['store', 'verify', ...args], dataDir);
  };
  const importFolder = () =>
    expect(manus(['import', folder.root, '--participant', 'P-0001', '--keep-originals'], dataDir).code).toBe(
      0,
    );
  const stored = () =>
    readdirSync(join(dataDir, 'dicom'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  const stray = () => join(dataDir, 'dicom', '00', 'stray.dcm');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-cli-store-'));
    dataDir = join(dir, 'data');
    // The clinical demo without the synthetic images `manus demo` adds: the store then holds only this test's files.
    const db = await openDatabase({ dataDir });
    await seedDemo(db);
    await db.close();
    folder = mixedFolder(dir);
    importFolder();
    // Each de-identified instance and its kept original.
    files = 2 * folder.instances;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds an intact store: exit 0, a summary line, and the --json report', () => {
    const human = verify();
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^Checked ${files} files, 0\\.\\d{3} GB, in \\d+\\.\\d s: ${files} intact; 0 orphans\\n$`),
    );
    const json = verify('--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(Object.keys(report).sort()).toEqual([
      'bytes',
      'checked',
      'ok',
      'orphans',
      'problems',
      'sizeOnly',
      'uploads',
    ]);
    const bytes = ['dicom', 'quarantine']
      .flatMap((f) => readdirSync(join(dataDir, f), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
    expect(report).toEqual({
      checked: files,
      bytes,
      ok: files,
      sizeOnly: 0,
      problems: [],
      orphans: [],
      uploads: [],
    });
  });

  it('lists a stray file as an orphan, leaves it, and still exits 0', () => {
    mkdirSync(join(stray(), '..'), { recursive: true });
    writeFileSync(stray(), 'left over');
    const json = verify('--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).orphans).toEqual([{ path: stray(), size: 9 }]);
    const human = verify();
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      `; 1 orphan\nOrphan files (no record names them; harmless, left in place):\n  ${stray()} (9 bytes)\n`,
    );
    expect(existsSync(stray())).toBe(true);
  });

  it('reports a short, a corrupt and a missing file with the series and exam to re-import, exit 1', () => {
    const [short, corrupt, missing] = stored().filter((f) => f !== stray());
    const size = statSync(short!).size;
    truncateSync(short!, size - 100);
    const bytes = readFileSync(corrupt!);
    bytes[200] = bytes[200]! ^ 0xff;
    writeFileSync(corrupt!, bytes);
    rmSync(missing!);

    const json = verify('--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as VerificationReport;
    expect(report).toMatchObject({ checked: files, ok: files - 3, orphans: [{ path: stray() }] });
    for (const p of report.problems) expect(Object.keys(p).sort()).toEqual(PROBLEM_FIELDS);
    const problem = (path: string | undefined) => report.problems.find((p) => p.path === path)!;
    expect(problem(short)).toMatchObject({ kind: 'wrong_size', expectedSize: size, foundSize: size - 100 });
    expect(problem(corrupt)).toMatchObject({ kind: 'wrong_content', foundSize: statSync(corrupt!).size });
    expect(problem(missing)).toMatchObject({ kind: 'missing', foundSize: null });
    const examCode = report.problems[0]!.examCode!;
    expect(examCode).toMatch(/^MR-/);
    for (const p of report.problems)
      expect(p).toMatchObject({
        store: 'filesystem',
        format: 'dicom',
        pseudonym: 'P-0001',
        examCode,
        studyInstanceUid: expect.stringMatching(/^2\.25\.\d+$/),
        seriesInstanceUid: expect.stringMatching(/^2\.25\.\d+$/),
        sopInstanceUid: expect.stringMatching(/^2\.25\.\d+$/),
      });

    const human = verify();
    expect(human.code).toBe(1);
    const lines = human.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^Checked ${files} files, .*: ${files - 3} intact, 1 missing, 1 wrong size, 1 wrong content; 1 orphan$`,
      ),
    );
    expect(lines[1]).toBe(`Re-import P-0001, exam ${examCode} (manus import PATH --exam ${examCode}):`);
    const line = (path: string | undefined) =>
      lines.find((l) => l.includes(`DICOM instance ${problem(path).sopInstanceUid}, `));
    const s = problem(short);
    expect(line(short)).toBe(
      `  wrong size: DICOM instance ${s.sopInstanceUid}, series "${s.seriesDescription}" ${s.seriesInstanceUid} ` +
        `of study ${s.studyInstanceUid} (${short}: ${size} bytes recorded, ${size - 100} found)`,
    );
    expect(line(corrupt)).toMatch(/^ {2}wrong content: DICOM instance .*\)$/);
    expect(line(missing)).toMatch(/^ {2}missing: DICOM instance .*\)$/);

    // The repair the report asks for: importing the same files again.
    importFolder();
    const repaired = verify('--json');
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.stdout)).toMatchObject({
      ok: files,
      problems: [],
      orphans: [{ path: stray() }],
    });
  });

  it('audits every run with its counts', async () => {
    const db = await openDatabase({ dataDir });
    try {
      const events = await listAudit(db.kysely, { action: 'imaging.store.verify' });
      expect(events).toHaveLength(runs);
      expect(events.every((e) => e.username.startsWith('cli:') && e.role === 'system')).toBe(true);
      expect(events.map((e) => e.after)).toContainEqual({
        checked: files,
        bytes: expect.any(Number),
        ok: files - 3,
        sizeOnly: 0,
        problems: { missing: 1, wrong_size: 1, wrong_content: 1 },
        orphans: 1,
        uploads: 0,
      });
    } finally {
      await db.close();
    }
  });

  it('explains itself in --help and exits 2 for unusable arguments', () => {
    const help = manus(['store', 'verify', '--help'], dataDir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('SHA-256 is its key');
    expect(help.stdout).toContain('Repair: re-import');
    const nowhere = manus(['store', 'verify', '--data-dir', join(dir, 'nowhere')], dataDir);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('No data folder at');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(manus(['store', 'verify', '--frobnicate'], dataDir).code).toBe(2);
  });
});

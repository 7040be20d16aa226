import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { listStoredFiles, type StoredFileRecord } from '../../db/repositories/imaging/stored-files.ts';
import { describeEachEngine, TEST_ENGINES } from '../../db/testing/engines.ts';
import { runImport } from '../imaging/import.ts';
import { importSources } from '../../imaging/import/sources.ts';
import { writeNifti } from '../../imaging/nifti/write.ts';
import { HAS_DCMTK, makeDicom } from '../../imaging/testing/dcmtk.ts';
import { IDENTITY_B, mixedFolder, type MixedFolder } from '../../imaging/testing/mixed-folder.ts';
import { classicMrLines, phantom16 } from '../../imaging/testing/phantoms.ts';
import { describeEachStore } from '../../imaging/testing/stores.ts';
import { IDENTITY } from '../../imaging/volume.ts';
import { FilesystemStore } from '../../imaging/store/filesystem.ts';
import { openNiftiStore, openOriginalsStore, openStore } from '../../imaging/store/open.ts';
import { verifyStore, type VerifyProgress } from './verify.ts';

const actor = { userId: null, username: 'cli:test', role: 'system' as const, requestId: 'verify-test' };

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describeEachEngine('store verification', (engine) => {
  let db: Database;
  let dir: string;
  let dataDir: string;
  let folder: MixedFolder;
  const sources: { paths: string[]; participant?: string }[] = [];
  const importAll = async () => {
    for (const { paths, participant } of sources)
      await runImport(importSources(paths), {
        db,
        actor,
        dataDir,
        participant,
        keepOriginals: true,
        workers: 0,
      });
  };
  beforeAll(async () => {
    db = await engine.open();
    await seedDemo(db);
    dir = mkdtempSync(join(tmpdir(), 'manus-verify-'));
    dataDir = join(dir, 'data');
    if (!HAS_DCMTK) return;
    folder = mixedFolder(dir);
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    copyFileSync(
      makeDicom(
        dir,
        'inbox-0',
        classicMrLines({
          identity: IDENTITY_B,
          charset: 'ISO_IR 100',
          k: 0,
          sopUid: `${IDENTITY_B.studyUid}.1.0`,
        }),
        phantom16(4, 4, 1, 0),
        'explicit',
      ),
      join(inbox, 'IM0.dcm'),
    );
    const nifti = join(dir, 'nifti');
    mkdirSync(nifti);
    writeFileSync(
      join(nifti, 'sodium.nii'),
      writeNifti({
        dims: [4, 3, 2],
        affine: IDENTITY,
        data: Float32Array.from({ length: 24 }, (_, i) => i),
        description: 'sodium',
      }),
    );
    sources.push(
      { paths: [folder.root], participant: 'P-0001' },
      { paths: [nifti], participant: 'P-0001' },
      { paths: [inbox] },
    );
    await importAll();
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const storeFiles = () => ['dicom', 'nifti', 'quarantine'].flatMap((f) => filesUnder(join(dataDir, f)));

  it.skipIf(!HAS_DCMTK)('finds every stored file intact, reporting progress file by file', async () => {
    const seen: VerifyProgress[] = [];
    const report = await verifyStore({ db, actor, dataDir, onProgress: (p) => seen.push(p) });
    // Each DICOM instance and the NIfTI file, and the original of each.
    const files = 2 * (folder.instances + 2);
    const bytes = storeFiles().reduce((n, f) => n + statSync(f).size, 0);
    expect(report).toEqual({
      checked: files,
      bytes,
      ok: files,
      sizeOnly: 0,
      problems: [],
      orphans: [],
      uploads: [],
    });
    expect(seen).toHaveLength(files + 1);
    expect(seen[0]).toEqual({ files: 0, totalFiles: files, bytes: 0 });
    expect(seen.at(-1)).toEqual({ files, totalFiles: files, bytes });
  });

  it.skipIf(!HAS_DCMTK)(
    'tells missing, short, corrupt and unreadable files apart, grouped by whom to re-import, and lists orphans',
    async () => {
      const records = await listStoredFiles(db.kysely);
      const pick = (test: (r: StoredFileRecord) => boolean) => records.find(test)!;
      const inbox = pick((r) => r.pseudonym!.startsWith('U-') && r.kind === 'instance');
      const instance = pick((r) => r.pseudonym === 'P-0001' && r.kind === 'instance');
      const nifti = pick((r) => r.kind === 'nifti');
      const original = pick((r) => r.kind === 'original' && r.sopInstanceUid === instance.sopInstanceUid);
      const dicomPath = (key: string) => new FilesystemStore(dataDir).pathOf(key);
      const niftiPath = openNiftiStore({ kind: 'filesystem', dataDir }).pathOf(nifti.key);
      const originalPath = openOriginalsStore({ kind: 'filesystem', dataDir }).pathOf(original.key);

      truncateSync(dicomPath(inbox.key), inbox.size! - 10);
      const bytes = readFileSync(dicomPath(instance.key));
      bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
      writeFileSync(dicomPath(instance.key), bytes);
      rmSync(niftiPath);
      rmSync(originalPath);
      mkdirSync(originalPath);
      const strays = [join(dataDir, 'dicom', 'ab', 'stray.dcm'), join(dataDir, 'dicom', 'tmp', 'crash.part')];
      for (const f of strays) {
        mkdirSync(join(f, '..'), { recursive: true });
        writeFileSync(f, 'left over');
      }

      const report = await verifyStore({ db, actor, dataDir });
      expect(report.ok).toBe(report.checked - 4);
      // The report names the store of each file: where instances were written, and where NIfTI files and kept
      // originals always live.
      const storeNames = { instance: 'filesystem', nifti: 'filesystem', original: 'quarantine' };
      const context = (r: StoredFileRecord) => ({
        store: storeNames[r.kind],
        format: r.format,
        key: r.key,
        expectedSize: r.size,
        pseudonym: r.pseudonym,
        examCode: r.examCode,
        studyInstanceUid: r.studyInstanceUid,
        seriesInstanceUid: r.seriesInstanceUid,
        seriesDescription: r.seriesDescription,
        sopInstanceUid: r.sopInstanceUid,
      });
      const examCode = instance.examCode!;
      expect(examCode).toMatch(/^MR-/);
      expect(report.problems).toHaveLength(4);
      expect(report.problems).toEqual(
        expect.arrayContaining([
          {
            kind: 'wrong_content',
            path: dicomPath(instance.key),
            foundSize: instance.size,
            ...context(instance),
          },
          { kind: 'missing', path: niftiPath, foundSize: null, ...context(nifti) },
          {
            kind: 'unreadable',
            path: originalPath,
            foundSize: null,
            error: 'EISDIR',
            ...context(original),
          },
        ]),
      );
      // The inbox patient's file comes last, apart from P-0001's exam, with no exam to name.
      expect(report.problems[3]).toEqual({
        kind: 'wrong_size',
        path: dicomPath(inbox.key),
        foundSize: inbox.size! - 10,
        ...context(inbox),
        examCode: null,
      });
      expect(
        report.problems.slice(0, 3).every((p) => p.pseudonym === 'P-0001' && p.examCode === examCode),
      ).toBe(true);
      expect(report.orphans).toEqual(strays.sort().map((path) => ({ path, size: 9 })));
      for (const f of strays) expect(existsSync(f)).toBe(true);

      const events = await listAudit(db.kysely, { action: 'imaging.store.verify' });
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({
        username: actor.username,
        entityType: 'imaging_store_verification',
        after: {
          checked: report.checked,
          ok: report.checked - 4,
          sizeOnly: 0,
          problems: { missing: 1, wrong_size: 1, wrong_content: 1, unreadable: 1 },
          orphans: 2,
          uploads: 0,
        },
      });

      // The repair the report asks for: the same imports again. A folder where a file belongs is the one thing
      // the import will not replace, and has to be removed by hand.
      rmSync(originalPath, { recursive: true });
      await importAll();
      const repaired = await verifyStore({ db, actor, dataDir });
      expect(repaired).toMatchObject({ ok: report.checked, problems: [], orphans: report.orphans });
    },
  );
});

/** Orthanc addresses instances by UID: their size is all there is to check. */
describeEachStore('store verification', (testStore) => {
  let store: ReturnType<typeof testStore.open>;
  let db: Database;
  let dir: string;
  let folder: MixedFolder;
  beforeAll(async () => {
    store = testStore.open();
    db = await TEST_ENGINES[0]!.open();
    await seedDemo(db);
    dir = mkdtempSync(join(tmpdir(), 'manus-verify-stores-'));
    if (store.config.kind === 'orthanc') process.env.ORTHANC_URL = store.config.url;
    if (!HAS_DCMTK) return;
    folder = mixedFolder(dir);
    await runImport(importSources([folder.root]), {
      db,
      actor,
      dataDir: store.dataDir,
      store: store.config,
      participant: 'P-0001',
      workers: 0,
    });
  });
  afterAll(async () => {
    await db.close();
    store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_DCMTK)('checks every instance where it is stored and finds one removed', async () => {
    const sizeOnly = store.config.kind === 'orthanc' ? folder.instances : 0;
    const intact = await verifyStore({ db, actor, dataDir: store.dataDir });
    expect(intact).toMatchObject({ checked: folder.instances, ok: folder.instances, sizeOnly, problems: [] });
    const [gone] = await listStoredFiles(db.kysely);
    await openStore(store.config).discard(gone!.key);
    const report = await verifyStore({ db, actor, dataDir: store.dataDir });
    expect(report).toMatchObject({ checked: folder.instances, ok: folder.instances - 1, sizeOnly });
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'missing', store: store.config.kind, key: gone!.key, foundSize: null }),
    ]);
  });
});

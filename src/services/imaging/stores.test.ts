import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { findInstances, findStudies } from '../../db/repositories/imaging/qido.ts';
import { TEST_ENGINES } from '../../db/testing/engines.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { T } from '../../imaging/dicom/tag.ts';
import { getString } from '../../imaging/dicom/values.ts';
import { writeDicom } from '../../imaging/dicom/write.ts';
import { assignInboxStudy } from './assign.ts';
import { runImport } from './import.ts';
import { importSources } from '../../imaging/import/sources.ts';
import { HAS_DCMTK, makeDicom } from '../../imaging/testing/dcmtk.ts';
import { IDENTITY_B, mixedFolder, type MixedFolder } from '../../imaging/testing/mixed-folder.ts';
import { classicMrLines, phantom16 } from '../../imaging/testing/phantoms.ts';
import { phiHits } from '../../imaging/testing/phi-corpus.ts';
import { describeEachStore } from '../../imaging/testing/stores.ts';
import { openStore } from '../../imaging/store/open.ts';
import type { StoreConfig } from '../../imaging/store/store.ts';

const actor = { userId: null, username: 'cli:test', role: 'system' as const, requestId: 'store-test' };

/** The same contract and the same import, on the filesystem store and on Orthanc. */
describeEachStore('image store', (testStore) => {
  let store: ReturnType<typeof testStore.open>;
  let db: Database;
  let dir: string;
  let folder: MixedFolder;
  beforeAll(async () => {
    store = testStore.open();
    db = await TEST_ENGINES[0]!.open();
    await seedDemo(db);
    dir = mkdtempSync(join(tmpdir(), 'manus-stores-'));
    if (HAS_DCMTK) folder = mixedFolder(dir);
    if (store.config.kind === 'orthanc') process.env.ORTHANC_URL = store.config.url;
  });
  afterAll(async () => {
    await db.close();
    store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_DCMTK)('stores, recognises a second copy, reads back and discards', async () => {
    const s = openStore(store.config);
    const file = readDicom(readFileSync(join(folder.root, 'enhanced.dcm')));
    // Fresh UIDs on every run, so a throwaway Orthanc shared by several runs never holds them already.
    const stamp = `${Date.now()}${process.pid}`;
    const uids = { study: `2.25.${stamp}1`, series: `2.25.${stamp}2`, sop: `2.25.${stamp}3` };
    // Orthanc needs the UIDs in the file to match the ones it is addressed by.
    const ds = new Map(file.dataset);
    const setUid = (t: number, v: string) =>
      ds.set(t, { tag: t, vr: 'UI', value: { kind: 'bytes', bytes: Buffer.from(v) } });
    setUid(T.StudyInstanceUID, uids.study);
    setUid(T.SeriesInstanceUID, uids.series);
    setUid(T.SOPInstanceUID, uids.sop);
    const meta = new Map(file.meta);
    meta.set(T.MediaStorageSOPInstanceUID, {
      tag: T.MediaStorageSOPInstanceUID,
      vr: 'UI',
      value: { kind: 'bytes', bytes: Buffer.from(uids.sop) },
    });
    const bytes = writeDicom(meta, ds);
    const first = await s.put(bytes, uids);
    expect(first.created).toBe(true);
    expect((await s.put(bytes, uids)).created).toBe(false);
    // Orthanc may rewrite the file meta on the way out: compare the instance, not the bytes.
    const back = readDicom(await s.read(first.key));
    expect(getString(back.dataset, T.SOPInstanceUID)).toBe(uids.sop);
    const pixels = (f: typeof back) => f.dataset.get(T.PixelData)!.value;
    expect(pixels(back)).toEqual(pixels(file));
    await s.discard(first.key);
    await expect(s.read(first.key)).rejects.toThrow(/not found|no /i);
  });

  it.skipIf(!HAS_DCMTK)(
    'imports the mixed folder and reads every instance back with 0 PHI hits',
    async () => {
      const config: StoreConfig = store.config;
      const summary = await runImport(importSources([folder.root]), {
        db,
        actor,
        dataDir: store.dataDir,
        store: config,
        participant: 'P-0001',
        workers: 1,
      });
      expect(summary.imported).toBe(folder.instances);
      const [study] = await findStudies(db.kysely, { limit: 10, offset: 0, patientId: 'P-0001' });
      const instances = await findInstances(db.kysely, { studyInstanceUid: study!.studyInstanceUid });
      expect(instances).toHaveLength(folder.instances);
      expect(new Set(instances.map((i) => i.store))).toEqual(new Set([config.kind]));
      const images = new StoredImages(store.dataDir);
      for (const i of instances) {
        const bytes = await images.read(i);
        expect(getString(readDicom(bytes).dataset, T.PatientID)).toBe('P-0001');
        expect(phiHits(bytes, [...folder.identifying, ...folder.uids])).toEqual([]);
      }
      const frame = await images.frames(
        instances.find((i) => i.frames === 4)!,
        [4],
      );
      expect(frame[0]!.length).toBe(6 * 5 * 2);
      const again = await runImport(importSources([folder.root]), {
        db,
        actor,
        dataDir: store.dataDir,
        store: config,
        participant: 'P-0001',
        workers: 0,
      });
      expect(again).toMatchObject({ imported: 0, skipped: folder.instances });
    },
  );

  it.skipIf(!HAS_DCMTK)(
    "assigns an inbox study: its files rewritten under the participant's code, beside or in place",
    async () => {
      const inbox = join(dir, 'inbox');
      mkdirSync(inbox);
      const identity = { ...IDENTITY_B, studyUid: `${IDENTITY_B.studyUid}.${Date.now()}${process.pid}` };
      for (const k of [0, 1])
        copyFileSync(
          makeDicom(
            dir,
            `inbox-${k}`,
            classicMrLines({ identity, charset: 'ISO_IR 100', k, sopUid: `${identity.studyUid}.1.${k}` }),
            phantom16(4, 4, 1, k),
            'explicit',
          ),
          join(inbox, `IM${k}.dcm`),
        );
      const summary = await runImport(importSources([inbox]), {
        db,
        actor,
        dataDir: store.dataDir,
        store: store.config,
        workers: 0,
      });
      const studyInstanceUid = summary.studies[0]!.studyInstanceUid;
      const before = await findInstances(db.kysely, { studyInstanceUid });
      const exam = await db.kysely
        .selectFrom('mri_exam')
        .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
        .select(['mri_exam.id', 'participant.code'])
        .where('participant.code', '=', 'P-0001')
        .executeTakeFirstOrThrow();
      await assignInboxStudy({ db, actor, dataDir: store.dataDir, studyInstanceUid, examId: exam.id });
      const after = await findInstances(db.kysely, { studyInstanceUid });
      expect(after).toHaveLength(2);
      // Content-addressed files get new keys (the old ones are removed); Orthanc keeps the UID-based key.
      const moved = store.config.kind === 'filesystem';
      after.forEach((i, n) => expect(i.storeKey === before[n]!.storeKey).toBe(!moved));
      const images = new StoredImages(store.dataDir);
      for (const i of after)
        expect(getString(readDicom(await images.read(i)).dataset, T.PatientID)).toBe(exam.code);
      if (moved) for (const i of before) await expect(images.read(i)).rejects.toThrow(/not found/);
    },
  );
});

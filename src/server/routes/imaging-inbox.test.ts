import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findInstances } from '../../db/repositories/imaging/qido.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { shiftDateValue } from '../../imaging/deid/dates.ts';
import { dateShiftDays } from '../../imaging/deid/pseudonym.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { T } from '../../imaging/dicom/tag.ts';
import { getString } from '../../imaging/dicom/values.ts';
import { runImport } from '../../services/imaging/import.ts';
import { importSources } from '../../imaging/import/sources.ts';
import { FilesystemStore } from '../../imaging/store/filesystem.ts';
import { HAS_DCMTK, makeDicom } from '../../imaging/testing/dcmtk.ts';
import { IDENTITY_B } from '../../imaging/testing/mixed-folder.ts';
import { classicMrLines, IDENTITY_A, phantom16, type Identity } from '../../imaging/testing/phantoms.ts';
import { phiCorpus, phiHits } from '../../imaging/testing/phi-corpus.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

const importer = { userId: null, username: 'cli:test', role: 'system' as const, requestId: 'inbox-test' };

describeEachEngine('imaging inbox API', (engine) => {
  let server: TestServer;
  let physicist: ApiClient;
  let dir: string;
  let dataDir: string;
  let exam: { id: string; code: string };
  const folders = new Map<Identity, { path: string; identifying: string[] }>();

  /**
   * `count` slices of one series of `identity`, each carrying the PHI corpus, in a folder of their own; `group`
   * keeps the SOP instance UIDs of several folders of one series apart.
   */
  function studyFolder(identity: Identity, count: number, seed: number, group = 70): string {
    const path = join(dir, `in-${seed}`);
    mkdirSync(path);
    const identifying: string[] = [];
    for (let k = 0; k < count; k++) {
      const base = classicMrLines({
        identity,
        charset: 'ISO_IR 100',
        k,
        sopUid: `${identity.studyUid}.${group}.${k}`,
      });
      const corpus = phiCorpus(identity, seed + k, new Set(base.map((l) => l.slice(0, 11).toLowerCase())));
      identifying.push(...corpus.identifying, ...corpus.uids, identity.studyUid);
      makeDicom(path, `slice-${k}`, [...base, ...corpus.lines], phantom16(6, 5, 1, k), 'explicit');
      rmSync(join(path, `slice-${k}.raw`));
      rmSync(join(path, `slice-${k}.dump`));
    }
    folders.set(identity, { path, identifying });
    return path;
  }

  const storedFiles = (): string[] =>
    readdirSync(join(dataDir, 'dicom'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.dcm'),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-api-inbox-'));
    dataDir = join(dir, 'data');
    server = await startTestServer(engine, { dataDir });
    physicist = await server.login('physicist');
    const row = await server.db.kysely
      .selectFrom('mri_exam')
      .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
      .select(['mri_exam.id', 'participant.code'])
      .orderBy('participant.code')
      .executeTakeFirstOrThrow();
    exam = { id: row.id, code: row.code };
    if (!HAS_DCMTK) return;
    for (const [identity, count, seed] of [
      [IDENTITY_A, 3, 10],
      [IDENTITY_B, 2, 20],
    ] as const) {
      const summary = await runImport(importSources([studyFolder(identity, count, seed)]), {
        db: server.db,
        actor: importer,
        dataDir,
        workers: 0,
      });
      expect(summary).toMatchObject({ imported: count, errors: [] });
    }
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_DCMTK)(
    "assigns an inbox study to an exam: files rewritten under the participant's code and date shift, audited",
    async () => {
      const inbox = await physicist.get('/api/imaging/inbox');
      expect(inbox.statusCode).toBe(200);
      const items = inbox.json().items as {
        studyInstanceUid: string;
        inboxCode: string;
        studyDate: string;
        instances: number;
        series: { seriesDescription: string }[];
      }[];
      expect(items).toHaveLength(2);
      const study = items.find((i) => i.instances === 3)!;
      expect(study.inboxCode).toMatch(/^U-[A-Z2-9]{10}$/);
      expect(study.series).toMatchObject([{ seriesDescription: 't1_vibe_hands' }]);
      expect(study.studyDate).not.toBe('2025-03-14');

      const assign = await physicist.post(`/api/imaging/inbox/${study.studyInstanceUid}/assign`, {
        examId: exam.id,
      });
      expect(assign.statusCode, assign.body).toBe(200);
      expect(assign.json()).toMatchObject({
        studyInstanceUid: study.studyInstanceUid,
        examId: exam.id,
        participantCode: exam.code,
        instances: 3,
      });

      const left = (await physicist.get('/api/imaging/inbox')).json().items;
      expect(left).toHaveLength(1);
      expect((await physicist.get(`/api/exams/${exam.id}/series`)).json().items).toMatchObject([
        { seriesDescription: 't1_vibe_hands', instances: 3, frames: 3 },
      ]);

      // Every file now says what a direct import to the participant says, and nothing of the inbox code.
      const secret = await server.db.kysely
        .selectFrom('imaging_secret')
        .select('hmac_key')
        .executeTakeFirstOrThrow();
      const shift = dateShiftDays(Buffer.from(secret.hmac_key, 'hex'), exam.code);
      const instances = await findInstances(server.db.kysely, { studyInstanceUid: study.studyInstanceUid });
      const store = new FilesystemStore(dataDir);
      for (const i of instances) {
        const bytes = readFileSync(store.pathOf(i.storeKey));
        const ds = readDicom(bytes).dataset;
        expect(getString(ds, T.PatientName)).toBe(exam.code);
        expect(getString(ds, T.PatientID)).toBe(exam.code);
        expect(getString(ds, T.StudyDate)).toBe(shiftDateValue('DA', '20250314', shift));
        expect(phiHits(bytes, [...folders.get(IDENTITY_A)!.identifying, study.inboxCode])).toEqual([]);
      }
      // The inbox files are gone: 3 rewritten files and the 2 of the other inbox study remain.
      expect(storedFiles()).toHaveLength(5);

      // Importing the originals to the participant now finds them stored already, byte for byte.
      const again = await runImport(importSources([folders.get(IDENTITY_A)!.path]), {
        db: server.db,
        actor: importer,
        dataDir,
        exam: exam.id,
        workers: 0,
      });
      expect(again).toMatchObject({ imported: 0, skipped: 3 });
      expect(storedFiles()).toHaveLength(5);

      const audit = await server.db.kysely
        .selectFrom('audit_event')
        .select(['after_json', 'username'])
        .where('action', '=', 'imaging.study.assign')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.username).toBe('physicist');
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({
        examId: exam.id,
        pseudonym: exam.code,
        instances: 3,
        deidentification: { files: 3, replaced: { PatientName: 3, PatientID: 3 } },
      });

      const twice = await physicist.post(`/api/imaging/inbox/${study.studyInstanceUid}/assign`, {
        examId: exam.id,
      });
      expect(twice.statusCode).toBe(409);
    },
  );

  it.skipIf(!HAS_DCMTK)(
    'leaves a study in the inbox, with no new file, when one of its files cannot be read',
    async () => {
      const [other] = (await physicist.get('/api/imaging/inbox')).json().items as {
        studyInstanceUid: string;
      }[];
      const instances = await findInstances(server.db.kysely, { studyInstanceUid: other!.studyInstanceUid });
      rmSync(new FilesystemStore(dataDir).pathOf(instances[1]!.storeKey));
      const before = storedFiles().sort();
      const res = await physicist.post(`/api/imaging/inbox/${other!.studyInstanceUid}/assign`, {
        examId: exam.id,
      });
      expect(res.statusCode).toBe(404);
      expect(storedFiles().sort()).toEqual(before);
      expect((await physicist.get('/api/imaging/inbox')).json().items).toHaveLength(1);
    },
  );

  it.skipIf(!HAS_DCMTK)(
    "keeps an assigned patient's later images with that participant, and refuses them to another",
    async () => {
      const inboxOnly = { db: server.db, actor: importer, dataDir, workers: 0 };
      const [studyUid] = (
        await server.db.kysely
          .selectFrom('imaging_study')
          .select('study_uid')
          .where('exam_id', '=', exam.id)
          .execute()
      ).map((r) => r.study_uid);
      // One more slice of the assigned study, sent to the inbox: it joins the study as the participant's.
      expect(await runImport(importSources([studyFolder(IDENTITY_A, 1, 30, 71)]), inboxOnly)).toMatchObject({
        imported: 1,
      });
      const instances = await findInstances(server.db.kysely, { studyInstanceUid: studyUid! });
      expect(instances).toHaveLength(4);
      const store = new FilesystemStore(dataDir);
      for (const i of instances)
        expect(getString(readDicom(readFileSync(store.pathOf(i.storeKey))).dataset, T.PatientID)).toBe(
          exam.code,
        );

      // A later study of the same patient waits in the inbox under the participant's code, for that participant.
      const secondVisit = {
        ...IDENTITY_A,
        studyUid: `${IDENTITY_A.studyUid}.2`,
        seriesUid: `${IDENTITY_A.studyUid}.2.1`,
      };
      await runImport(importSources([studyFolder(secondVisit, 1, 40)]), inboxOnly);
      const waiting = (
        (await physicist.get('/api/imaging/inbox')).json().items as {
          inboxCode: string;
          studyInstanceUid: string;
        }[]
      ).find((i) => i.inboxCode === exam.code)!;
      expect(waiting).toBeDefined();
      const otherExam = await server.db.kysely
        .selectFrom('mri_exam')
        .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
        .select('mri_exam.id')
        .where('participant.code', '!=', exam.code)
        .executeTakeFirstOrThrow();
      const refused = await physicist.post(`/api/imaging/inbox/${waiting.studyInstanceUid}/assign`, {
        examId: otherExam.id,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toContain(`belong to ${exam.code}`);
    },
  );

  it('refuses bad input and roles without imaging.import', async () => {
    const someStudy = '2.25.1234';
    expect((await physicist.post(`/api/imaging/inbox/${someStudy}/assign`, { examId: 'x' })).statusCode).toBe(
      400,
    );
    expect(
      (await physicist.post(`/api/imaging/inbox/${someStudy}/assign`, { examId: exam.id, extra: 1 }))
        .statusCode,
    ).toBe(400);
    expect(
      (await physicist.post('/api/imaging/inbox/not-a-uid/assign', { examId: exam.id })).statusCode,
    ).toBe(400);
    expect(
      (await physicist.post(`/api/imaging/inbox/${someStudy}/assign`, { examId: exam.id })).statusCode,
    ).toBe(404);
    for (const role of ['radiologist', 'statistician', 'monitor']) {
      const client = await server.login(role);
      expect((await client.get('/api/imaging/inbox')).statusCode).toBe(403);
      expect(
        (await client.post(`/api/imaging/inbox/${someStudy}/assign`, { examId: exam.id })).statusCode,
      ).toBe(403);
    }
  });
});

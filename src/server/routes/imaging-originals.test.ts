import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { runImport } from '../../services/imaging/import.ts';
import { importSources } from '../../imaging/import/sources.ts';
import { HAS_DCMTK, makeDicom } from '../../imaging/testing/dcmtk.ts';
import { IDENTITY_B } from '../../imaging/testing/mixed-folder.ts';
import { classicMrLines, IDENTITY_A, phantom16, type Identity } from '../../imaging/testing/phantoms.ts';
import { phiHits } from '../../imaging/testing/phi-corpus.ts';
import { zipStored } from '../../imaging/testing/zip.ts';
import { demoPassword, startTestServer, type ApiClient, type TestServer } from '../testing.ts';

describeEachEngine('quarantine of original images', (engine) => {
  let server: TestServer;
  let admin: ApiClient;
  let dir: string;
  let dataDir: string;
  let exams: string[];
  let originals: Buffer[];

  /** Paths of `count` slices of one series of `identity`; `group` keeps their SOP instance UIDs apart. */
  const slices = (identity: Identity, group: number, count: number): string[] =>
    Array.from({ length: count }, (_, k) =>
      makeDicom(
        dir,
        `g${group}-${k}`,
        classicMrLines({ identity, charset: 'ISO_IR 100', k, sopUid: `${identity.studyUid}.${group}.${k}` }),
        phantom16(4, 4, 1, k),
        'explicit',
      ),
    );
  const quarantined = (): string[] =>
    existsSync(join(dataDir, 'quarantine'))
      ? readdirSync(join(dataDir, 'quarantine'), { recursive: true, encoding: 'utf8' }).filter((f) =>
          f.endsWith('.orig'),
        )
      : [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-api-originals-'));
    dataDir = join(dir, 'data');
    server = await startTestServer(engine, {
      dataDir,
      keepOriginals: true,
    });
    admin = await server.login('admin');
    exams = (
      await server.db.kysely.selectFrom('mri_exam').select('id').orderBy('exam_code').limit(2).execute()
    ).map((e) => e.id);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_DCMTK)(
    'keeps originals only when asked, apart from the store, for the administrator alone, audited',
    async () => {
      // An import that does not ask keeps nothing.
      const plain = await runImport(importSources(slices(IDENTITY_B, 80, 2)), {
        db: server.db,
        actor: { userId: null, username: 'cli:test', role: 'system', requestId: 'originals-test' },
        dataDir,
        exam: exams[1],
        workers: 0,
      });
      expect(plain).toMatchObject({ imported: 2, errors: [] });
      expect(quarantined()).toEqual([]);

      // The server keeps the originals of uploads (MANUS_KEEP_ORIGINALS=1).
      originals = slices(IDENTITY_A, 90, 3).map((path) => readFileSync(path));
      const zip = zipStored([
        ...originals.map((bytes, k) => ({ name: `IM${k}.dcm`, bytes })),
        { name: 'notes.txt', bytes: Buffer.from('not an image') },
      ]);
      const headers = await sessionHeaders(server, 'physicist');
      const upload = () =>
        server.app.inject({
          method: 'POST',
          url: `/api/exams/${exams[0]}/images`,
          headers: { ...headers, 'content-type': 'application/zip' },
          payload: zip,
        });
      expect((await upload()).json()).toMatchObject({ imported: 3 });
      expect(quarantined()).toHaveLength(3);
      expect((await upload()).json()).toMatchObject({ imported: 0, skipped: 3 });
      expect(quarantined()).toHaveLength(3);

      const list = await admin.get('/api/imaging/originals');
      expect(list.statusCode).toBe(200);
      const { items, total } = list.json() as {
        total: number;
        items: { uid: string; format: string; examId: string; seriesDescription: string; size: number }[];
      };
      expect(total).toBe(3);
      expect(items.every((i) => i.examId === exams[0] && i.seriesDescription === 't1_vibe_hands')).toBe(true);

      // The original comes back byte for byte, identity included; the stored file has none of it.
      const original = await admin.get(`/api/imaging/originals/${items[0]!.uid}`);
      expect(original.statusCode).toBe(200);
      expect(original.headers['content-type']).toBe('application/dicom');
      expect(original.headers['content-disposition']).toBe(`attachment; filename="${items[0]!.uid}.dcm"`);
      expect(originals.some((o) => o.equals(original.rawPayload))).toBe(true);
      expect(phiHits(original.rawPayload, [IDENTITY_A.patientId])).not.toEqual([]);

      const reads = await server.db.kysely
        .selectFrom('audit_event')
        .select(['username', 'entity_id'])
        .where('action', '=', 'imaging.original.read')
        .execute();
      expect(reads).toEqual([{ username: 'admin', entity_id: items[0]!.uid }]);
      const imports = await server.db.kysely
        .selectFrom('audit_event')
        .select('after_json')
        .where('action', '=', 'imaging.import')
        .orderBy('seq')
        .execute();
      expect(imports.map((e) => JSON.parse(e.after_json!).originalsKept)).toEqual([0, 3, 0]);

      for (const role of ['physicist', 'investigator', 'datamanager', 'monitor', 'radiologist']) {
        const client = await server.login(role);
        expect((await client.get('/api/imaging/originals')).statusCode, role).toBe(403);
        expect((await client.get(`/api/imaging/originals/${items[0]!.uid}`)).statusCode, role).toBe(403);
      }
    },
  );

  it('answers 404 for a UID without an original and 400 for what is not a UID', async () => {
    expect((await admin.get('/api/imaging/originals/2.25.1')).statusCode).toBe(404);
    expect((await admin.get('/api/imaging/originals/x')).statusCode).toBe(400);
    expect((await admin.get('/api/imaging/originals?limit=0')).statusCode).toBe(400);
  });
});

async function sessionHeaders(server: TestServer, username: string): Promise<Record<string, string>> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password: demoPassword(username) },
  });
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, 'x-csrf-token': (response.json() as { csrfToken: string }).csrfToken };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../db/testing/engines.ts';
import { writeHandExam } from '../imaging/demo/hand-exam.ts';
import { runImport } from '../services/imaging/import.ts';
import { importSources } from '../imaging/import/sources.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

const system = { userId: null, username: 'cli:test', role: 'system' as const, requestId: 'blinding' };
const OTHER_READER_MARKER = 'second reader says MCP2 synovitis grade three';

/**
 * Blinding, end to end: a radiologist crawls every GET of the OpenAPI document it can fill from what it sees, and
 * retrieves every series' metadata and frames of its exam; no participant code, arm, identity value, clinical
 * datum or the other reader's values may appear in any body, DICOM bytes included.
 */
describeEachEngine('reading blinding', (engine) => {
  let server: TestServer;
  let reader: ApiClient;
  let dataDir: string;
  let examCode: string;
  let secrets: string[];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'manus-blinding-'));
    server = await startTestServer(engine, { dataDir });
    const manager = await server.login('datamanager');
    const [exam] = (await manager.get('/api/reading/exams')).json().items as {
      examCode: string;
      participant: string;
    }[];
    examCode = exam!.examCode;
    const { id: examId } = await server.db.kysely
      .selectFrom('mri_exam')
      .select('id')
      .where('exam_code', '=', examCode)
      .executeTakeFirstOrThrow();
    const folder = join(dataDir, 'incoming');
    await writeHandExam(
      {
        examCode,
        studyDate: '2026-03-01',
        seed: 7,
        lesions: [],
        sizes: { proton: { columns: 32, rows: 28, slices: 4 }, sodium: { columns: 8, rows: 8, slices: 4 } },
      },
      folder,
    );
    const summary = await runImport(importSources([folder]), {
      db: server.db,
      actor: system,
      dataDir,
      exam: examId,
      workers: 0,
    });
    expect(summary.imported).toBeGreaterThan(0);
    const readers = (await manager.get('/api/reading/readers')).json().items as {
      id: string;
      username: string;
    }[];
    const id = (username: string) => readers.find((r) => r.username === username)!.id;
    const assigned = await manager.post(`/api/reading/exams/${examCode}/assign`, {
      readers: [id('radiologist'), id('radiologist2')],
      adjudicatorId: id('radiologist3'),
    });
    expect(assigned.statusCode).toBe(200);
    const other = await server.login('radiologist2');
    const [otherTask] = (await other.get('/api/reading/worklist')).json().items as { taskId: string }[];
    const draft = await other.put(`/api/reading/tasks/${otherTask!.taskId}/draft`, {
      version: 1,
      findings: [{ site: 'R.MCP2', item: 'synovitis', value: 3 }],
      comments: OTHER_READER_MARKER,
    });
    expect(draft.statusCode).toBe(200);
    const identities = await server.db.kysely
      .selectFrom('identity')
      .select(['family_name', 'given_name', 'hospital_record_number'])
      .execute();
    secrets = [
      OTHER_READER_MARKER,
      otherTask!.taskId,
      exam!.participant,
      ...identities.flatMap((i) => [i.family_name, i.given_name, i.hospital_record_number]),
    ];
    reader = await server.login('radiologist');
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const expectBlinded = (what: string, body: string) => {
    expect(body, what).not.toMatch(/P-\d{4}/);
    for (const secret of secrets) expect(body.includes(secret), `${what} shows ${secret}`).toBe(false);
  };

  it('shows the reader only blinded data on every route it can reach, and 403/404 elsewhere', async () => {
    const [task] = (await reader.get('/api/reading/worklist')).json().items as {
      taskId: string;
      examCode: string;
    }[];
    expect(task!.examCode).toBe(examCode);
    const view = (await reader.get(`/api/reading/tasks/${task!.taskId}`)).json() as {
      series: { studyUid: string; seriesUid: string; frames: number }[];
    };
    expect(view.series.length).toBe(3);
    const series = view.series[0]!;
    const metadata = (
      await reader.get(
        `/api/reading/tasks/${task!.taskId}/dicomweb/studies/${series.studyUid}/series/${series.seriesUid}/metadata`,
      )
    ).json() as Record<string, { Value?: unknown[] }>[];
    const params: Record<string, string> = {
      taskId: task!.taskId,
      study: series.studyUid,
      series: series.seriesUid,
      instance: String(metadata[0]!['00080018']!.Value![0]),
      frames: '1',
      id: '00000000-0000-4000-8000-000000000000',
      code: 'P-0001',
      examCode,
      instrument: 'mrss',
    };
    const openApi = (await reader.get('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    let answered = 0;
    for (const [path, operations] of Object.entries(openApi.paths)) {
      if (!operations.get) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? name);
      const response = await reader.get(url);
      if (response.statusCode === 200) {
        answered += 1;
        expectBlinded(url, response.rawPayload.toString('latin1'));
        expect(response.body, url).not.toMatch(/"(arm|participant|ssc|control)"/);
      } else expect([403, 404], url).toContain(response.statusCode);
    }
    expect(answered).toBeGreaterThanOrEqual(8);
  });

  it('serves every series of the exam with the exam code as patient and no patient characteristics', async () => {
    const [task] = (await reader.get('/api/reading/worklist')).json().items as { taskId: string }[];
    const base = `/api/reading/tasks/${task!.taskId}/dicomweb`;
    const view = (await reader.get(`/api/reading/tasks/${task!.taskId}`)).json() as {
      series: { studyUid: string; seriesUid: string }[];
    };
    let frames = 0;
    for (const s of view.series) {
      const response = await reader.get(`${base}/studies/${s.studyUid}/series/${s.seriesUid}/metadata`);
      expect(response.headers['cache-control']).toBe('no-store');
      expectBlinded('metadata', response.body);
      const instances = response.json() as Record<string, { Value?: unknown[] }>[];
      for (const instance of instances) {
        expect(instance['00100020']!.Value).toEqual([examCode]);
        expect(instance['00100010']!.Value).toEqual([{ Alphabetic: examCode }]);
        for (const tag of ['00100030', '00100040', '00101010', '00101020', '00101030'])
          expect(instance[tag], tag).toBeUndefined();
        const sop = String(instance['00080018']!.Value![0]);
        const frame = await reader.get(
          `${base}/studies/${s.studyUid}/series/${s.seriesUid}/instances/${sop}/frames/1`,
        );
        expect(frame.statusCode).toBe(200);
        expect(frame.headers['cache-control']).toBe('private, max-age=31536000, immutable');
        expectBlinded('frame', frame.rawPayload.toString('latin1'));
        frames += 1;
      }
    }
    expect(frames).toBeGreaterThan(0);
    // The other reader's task, and the images through it, are not there for this reader.
    const otherTask = secrets[1]!;
    expect((await reader.get(`/api/reading/tasks/${otherTask}`)).statusCode).toBe(404);
    const s = view.series[0]!;
    expect(
      (
        await reader.get(
          `/api/reading/tasks/${otherTask}/dicomweb/studies/${s.studyUid}/series/${s.seriesUid}/metadata`,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await reader.get(`/api/dicomweb/studies/${s.studyUid}/series/${s.seriesUid}/metadata`)).statusCode,
    ).toBe(403);
  });
});

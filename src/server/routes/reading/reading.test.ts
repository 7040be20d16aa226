import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Side } from '../../../core/anatomy/types.ts';
import type { TaskView } from '../../../core/api/reading-responses.ts';
import { draftPatch } from '../../../core/reading/draft-patch.ts';
import { bulkNormal, type Finding, type Reading } from '../../../core/reading/findings.ts';
import { listAudit } from '../../../db/audit.ts';
import { describeEachEngine } from '../../../db/testing/engines.ts';
import { writeHandExam } from '../../../imaging/demo/hand-exam.ts';
import { importSources } from '../../../imaging/import/sources.ts';
import { runImport } from '../../../services/imaging/import.ts';
import { demoPassword, startTestServer, type ApiClient, type TestServer } from '../../testing.ts';

const READERS = ['radiologist', 'radiologist2'] as const;

/** A complete normal reading of the hands the exam covers and of its series' quality, with the exceptions given. */
function reading(view: TaskView, exceptions: Finding[] = []): Reading {
  const sides: Side[] = view.hands === 'both' ? ['R', 'L'] : view.hands === 'left' ? ['L'] : ['R'];
  const normal = sides.reduce<Reading>((r, side) => bulkNormal(r, { side }), { findings: [], comments: '' });
  const quality = view.series.map((s): Finding => ({
    site: `series:${s.seriesUid}`,
    item: 'image_quality',
    value: 'diagnostic',
  }));
  const changed = new Set(exceptions.map((f) => `${f.site} ${f.item}`));
  return {
    findings: [
      ...[...normal.findings, ...quality].filter((f) => !changed.has(`${f.site} ${f.item}`)),
      ...exceptions,
    ],
    comments: '',
  };
}

/** Gives the exam a few small images (the test seed has none), for its measurements to be drawn on. */
async function importImages(server: TestServer, dataDir: string, examCode: string): Promise<void> {
  const { id } = await server.db.kysely
    .selectFrom('mri_exam')
    .select('id')
    .where('exam_code', '=', examCode)
    .executeTakeFirstOrThrow();
  const folder = join(dataDir, 'incoming');
  const sizes = { proton: { columns: 8, rows: 8, slices: 4 }, sodium: { columns: 4, rows: 4, slices: 4 } };
  await writeHandExam({ examCode, studyDate: '2026-03-01', seed: 7, lesions: [], sizes }, folder);
  const actor = { userId: null, username: 'cli:test', role: 'system' as const, requestId: 'reading-http' };
  await runImport(importSources([folder]), { db: server.db, actor, dataDir, exam: id, workers: 0 });
}

/** A length drawn on the first series of the task's exam (patient mm). */
function lengthOn(view: TaskView, to = 10) {
  const { seriesUid } = view.series[0]!;
  return {
    tool: 'Length',
    seriesUid,
    sopInstanceUid: `${seriesUid}.1`,
    frame: 1,
    points: [
      [0, 0, 0],
      [to, 0, 0],
    ],
    stats: { length: to },
    label: '',
  };
}

/**
 * The reading API over HTTP, as the people of the study use it: the data manager sets the rule and assigns, two
 * radiologists read and sign, the adjudicator settles the disagreement, the data manager unlocks a read with a
 * reason. Every answer passes its declared response schema (checked while tests run).
 */
describeEachEngine('reading over HTTP', (engine) => {
  let server: TestServer;
  let dataDir: string;
  let manager: ApiClient;
  let examCode: string;
  const clients = new Map<string, ApiClient>();
  const taskIds = new Map<string, string>();
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'manus-reading-http-'));
    server = await startTestServer(engine, { dataDir });
    manager = await server.login('datamanager');
    for (const username of [...READERS, 'radiologist3']) clients.set(username, await server.login(username));
    const unassigned = (await manager.get('/api/reading/exams')).json().items as {
      examCode: string;
      status: string;
    }[];
    examCode = unassigned.find((e) => e.status === 'unassigned')!.examCode;
    await importImages(server, dataDir, examCode);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const view = async (username: string): Promise<TaskView> =>
    (await clients.get(username)!.get(`/api/reading/tasks/${taskIds.get(username)}`)).json() as TaskView;

  it('lets only the data manager change the settings, with the version read, and audits the change', async () => {
    const settings = await manager.get('/api/reading/settings');
    expect(settings.json()).toEqual({ autoAssign: false, adjudicationRule: 'primary_presence', version: 0 });
    const reader = clients.get('radiologist')!;
    expect((await reader.get('/api/reading/settings')).statusCode).toBe(403);
    const changed = await manager.put('/api/reading/settings', {
      autoAssign: false,
      adjudicationRule: 'any_difference',
      version: 0,
    });
    expect(changed.json()).toEqual({ autoAssign: false, adjudicationRule: 'any_difference', version: 1 });
    const stale = await manager.put('/api/reading/settings', {
      autoAssign: true,
      adjudicationRule: 'primary_presence',
      version: 0,
    });
    expect(stale.statusCode).toBe(409);
    const wrong = await manager.put('/api/reading/settings', {
      autoAssign: true,
      adjudicationRule: 'vote',
      version: 1,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toMatchObject([
      { path: 'body.adjudicationRule', code: 'invalid_option' },
    ]);
    const back = await manager.put('/api/reading/settings', {
      autoAssign: false,
      adjudicationRule: 'primary_presence',
      version: 1,
    });
    expect(back.json()).toMatchObject({ adjudicationRule: 'primary_presence', version: 2 });
    const events = await listAudit(server.db.kysely, {
      entities: [{ entityType: 'study_setting', entityId: 'reading' }],
    });
    expect(events.map((e) => [e.action, (e.after as { version: number }).version])).toEqual([
      ['reading.settings.update', 1],
      ['reading.settings.update', 2],
    ]);
  });

  it('assigns two readers and an adjudicator, who see only their own blinded tasks', async () => {
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
    expect(assigned.json()).toMatchObject({ status: 'awaiting_reads', final: null });
    for (const username of READERS) {
      const items = (await clients.get(username)!.get('/api/reading/worklist')).json().items as {
        taskId: string;
        examCode: string;
        kind: string;
      }[];
      const task = items.find((t) => t.examCode === examCode)!;
      expect(task.kind).toBe('read');
      taskIds.set(username, task.taskId);
    }
    // The adjudicator has nothing to do until the reads disagree.
    const adjudicatorItems = (await clients.get('radiologist3')!.get('/api/reading/worklist')).json()
      .items as {
      examCode: string;
    }[];
    expect(adjudicatorItems.some((t) => t.examCode === examCode)).toBe(false);
    // A reader cannot open the other reader's task.
    const other = await clients.get('radiologist')!.get(`/api/reading/tasks/${taskIds.get('radiologist2')}`);
    expect(other.statusCode).toBe(404);
  });

  it('refuses an incomplete reading and a wrong password, then submits and locks a signed one and its measurements', async () => {
    const reader = clients.get('radiologist')!;
    const url = `/api/reading/tasks/${taskIds.get('radiologist')}`;
    const opened = await view('radiologist');
    const partial = await reader.put(`${url}/draft`, {
      version: opened.version,
      findings: [{ site: 'R.MCP2', item: 'synovitis', value: 1 }],
      comments: 'draft',
    });
    expect(partial.json()).toEqual({
      taskId: taskIds.get('radiologist'),
      status: 'in_progress',
      version: opened.version + 1,
      updatedAt: expect.any(String),
    });
    expect((await view('radiologist')).reading.comments).toBe('draft');
    const incomplete = await reader.post(`${url}/submit`, {
      version: partial.json().version,
      password: demoPassword('radiologist'),
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.fields.length).toBeGreaterThan(0);

    // The workstation's autosave sends only what changed: a value out of range is named by its place in the patch.
    const complete = reading(opened, [{ site: 'R.MCP2', item: 'synovitis', value: 1 }]);
    const badPatch = await reader.patch(`${url}/draft`, {
      version: partial.json().version,
      findings: [{ site: 'R.MCP3', item: 'synovitis', value: 9 }],
    });
    expect(badPatch.statusCode).toBe(422);
    expect(badPatch.json().error.fields).toMatchObject([{ path: 'findings.0', code: 'out_of_range' }]);
    const patch = draftPatch((await view('radiologist')).reading, complete);
    expect(patch.findings.length).toBe(complete.findings.length - 1);
    const saved = await reader.patch(`${url}/draft`, { version: partial.json().version, ...patch });
    expect(saved.json()).toMatchObject({ status: 'in_progress', version: partial.json().version + 1 });
    const stored = await view('radiologist');
    expect(stored.missing).toEqual([]);
    expect(draftPatch(stored.reading, complete)).toEqual({ findings: [], cleared: [] });
    const drawn = await reader.post(`${url}/measurements`, lengthOn(opened));
    expect(drawn.statusCode).toBe(201);
    const badPassword = await reader.post(`${url}/submit`, {
      version: saved.json().version,
      password: 'guess',
    });
    expect(badPassword.statusCode).toBe(422);
    expect(badPassword.json().error.fields).toMatchObject([{ path: 'password', code: 'mismatch' }]);
    expect((await view('radiologist')).status).toBe('in_progress');
    const submitted = await reader.post(`${url}/submit`, {
      version: saved.json().version,
      password: demoPassword('radiologist'),
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted' });
    const locked = await reader.put(`${url}/draft`, { version: submitted.json().version, ...complete });
    expect(locked.statusCode).toBe(409);
    const lockedPatch = await reader.patch(`${url}/draft`, {
      version: submitted.json().version,
      comments: '',
    });
    expect(lockedPatch.statusCode).toBe(409);
    // The measurements are locked with the reading: none added, moved or deleted.
    const { id, version } = drawn.json() as { id: string; version: number };
    expect((await reader.post(`${url}/measurements`, lengthOn(opened, 20))).statusCode).toBe(409);
    expect(
      (await reader.put(`${url}/measurements/${id}`, { ...lengthOn(opened, 20), version })).statusCode,
    ).toBe(409);
    expect((await reader.del(`${url}/measurements/${id}?version=${version}`)).statusCode).toBe(409);
    expect((await reader.get(`${url}/measurements`)).json().items).toEqual([drawn.json()]);
  });

  it('sends a disagreement on a primary item to the adjudicator, whose signed consensus makes the reading final', async () => {
    const reader = clients.get('radiologist2')!;
    const url = `/api/reading/tasks/${taskIds.get('radiologist2')}`;
    const opened = await view('radiologist2');
    const saved = await reader.put(`${url}/draft`, { version: opened.version, ...reading(opened) });
    const submitted = await reader.post(`${url}/submit`, {
      version: saved.json().version,
      password: demoPassword('radiologist2'),
    });
    expect(submitted.statusCode).toBe(200);
    const overview = (await manager.get('/api/reading/exams')).json().items as {
      examCode: string;
      status: string;
    }[];
    expect(overview.find((e) => e.examCode === examCode)!.status).toBe('adjudication_needed');

    const adjudicator = clients.get('radiologist3')!;
    const [task] = (
      (await adjudicator.get('/api/reading/worklist')).json().items as {
        taskId: string;
        examCode: string;
        kind: string;
      }[]
    ).filter((t) => t.examCode === examCode);
    expect(task!.kind).toBe('adjudication');
    const adjudication = (await adjudicator.get(`/api/reading/tasks/${task!.taskId}`)).json() as TaskView;
    expect(adjudication.adjudication!.reads.map((r) => r.label)).toEqual(['A', 'B']);
    expect(adjudication.adjudication!.disagreements).toEqual([
      expect.objectContaining({ site: 'R.MCP2', item: 'synovitis' }),
    ]);
    const decided = await adjudicator.post(`/api/reading/tasks/${task!.taskId}/adjudicate`, {
      version: adjudication.version,
      password: demoPassword('radiologist3'),
      choices: [{ site: 'R.MCP2', item: 'synovitis', value: 1 }],
    });
    expect(decided.statusCode).toBe(200);
    const final = (await manager.get('/api/reading/exams')).json().items as {
      examCode: string;
      status: string;
      finalizedAt: string | null;
    }[];
    expect(final.find((e) => e.examCode === examCode)).toMatchObject({ status: 'final' });
    // The final reading's measurements cannot change either.
    const late = await adjudicator.post(
      `/api/reading/tasks/${task!.taskId}/measurements`,
      lengthOn(adjudication),
    );
    expect(late.statusCode).toBe(409);
  });

  it('never unlocks a read once the exam is final, and audits each unlock of a read with its reason', async () => {
    const row = (
      (await manager.get('/api/reading/exams')).json().items as {
        examCode: string;
        reads: { taskId: string; version: number }[];
      }[]
    ).find((e) => e.examCode === examCode)!;
    const read = row.reads[0]!;
    const refused = await manager.post(`/api/reading/tasks/${read.taskId}/unlock`, {
      version: read.version,
      reason: 'typo in MCP2',
    });
    expect(refused.statusCode).toBe(409);
    expect(
      (
        await clients.get('radiologist')!.post(`/api/reading/tasks/${read.taskId}/unlock`, {
          version: read.version,
          reason: 'mine',
        })
      ).statusCode,
    ).toBe(403);

    // On an exam still awaiting its second read, the first read reopens for correction with the reason audited.
    const next = (
      (await manager.get('/api/reading/exams')).json().items as {
        examCode: string;
        status: string;
      }[]
    ).find((e) => e.status === 'unassigned')!.examCode;
    const readers = (await manager.get('/api/reading/readers')).json().items as {
      id: string;
      username: string;
    }[];
    const id = (username: string) => readers.find((r) => r.username === username)!.id;
    await manager.post(`/api/reading/exams/${next}/assign`, {
      readers: [id('radiologist'), id('radiologist2')],
    });
    const reader = clients.get('radiologist')!;
    const task = (
      (await reader.get('/api/reading/worklist')).json().items as { taskId: string; examCode: string }[]
    ).find((t) => t.examCode === next)!;
    const opened = (await reader.get(`/api/reading/tasks/${task.taskId}`)).json() as TaskView;
    const saved = await reader.put(`/api/reading/tasks/${task.taskId}/draft`, {
      version: opened.version,
      ...reading(opened),
    });
    const submitted = await reader.post(`/api/reading/tasks/${task.taskId}/submit`, {
      version: saved.json().version,
      password: demoPassword('radiologist'),
    });
    const noReason = await manager.post(`/api/reading/tasks/${task.taskId}/unlock`, {
      version: submitted.json().version,
      reason: '  ',
    });
    expect(noReason.statusCode).toBe(400);
    const unlocked = await manager.post(`/api/reading/tasks/${task.taskId}/unlock`, {
      version: submitted.json().version,
      reason: 'wrong hand scored',
    });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toMatchObject({ status: 'in_progress', submittedAt: null });
    const events = await listAudit(server.db.kysely, {
      entities: [{ entityType: 'reading_task', entityId: task.taskId }],
    });
    expect(events.find((e) => e.action === 'reading.task.unlock')).toMatchObject({
      reason: 'wrong hand scored',
    });
    const reopened = (await reader.get(`/api/reading/tasks/${task.taskId}`)).json() as TaskView;
    expect(reopened.status).toBe('in_progress');
  });
});

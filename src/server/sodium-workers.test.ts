import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { phantomLegend, type Phantom } from '../core/sodium/phantom/phantom.ts';
import { plainPhantom } from '../core/sodium/phantom/testing.ts';
import { TEST_ENGINES } from '../db/testing/engines.ts';
import { writeNifti } from '../imaging/nifti/write.ts';
import { zipStored } from '../imaging/testing/zip.ts';
import { buildApp } from './app.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

// The sodium worker reads volumes handed over from the main thread, never the database: one engine is enough.
// A 128³ phantom: the quantification of it held the event loop for about 0.6 s (parsing both volumes, then the
// pipeline) before it moved to the worker.
const phantom: Phantom = plainPhantom(128);
const legend = phantomLegend(phantom.truth);
const nifti = (data: Float32Array | Int16Array, intent: 0 | 1002): Buffer =>
  writeNifti(
    { dims: phantom.dims, affine: phantom.affine, data, description: 'Manus test phantom', intent },
    { gzip: true },
  );

let dir: string;
let server: TestServer;
let physicist: ApiClient;
let examId: string;
let series: { sodium: { seriesInstanceUid: string }; labels: { seriesInstanceUid: string } };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'manus-sodium-workers-'));
  server = await startTestServer(TEST_ENGINES[0]!, { dataDir: dir });
  physicist = await server.login('physicist');
  examId = (
    await server.db.kysely.selectFrom('mri_exam').select('id').orderBy('id').executeTakeFirstOrThrow()
  ).id;
  const upload = async (name: string, bytes: Buffer) => {
    const res = await physicist.upload(
      `/api/exams/${examId}/images`,
      'application/zip',
      zipStored([{ name, bytes }]),
    );
    expect(res.statusCode, res.body).toBe(200);
    return { seriesInstanceUid: res.json().studies[0].series[0].seriesInstanceUid as string };
  };
  series = {
    sodium: await upload('sodium.nii.gz', nifti(phantom.sodium, 0)),
    labels: await upload('labels.nii.gz', nifti(phantom.labels, 1002)),
  };
}, 60_000);
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const submit = async () => {
  const posted = await physicist.post(`/api/exams/${examId}/sodium/jobs`, { ...series, legend });
  expect(posted.statusCode, posted.body).toBe(202);
  return posted.json().id as string;
};

it('keeps /api/health answering while a quantification runs', async () => {
  // A first job warms the worker, so that the measured one is the quantification, not the thread's start.
  for (let warm = await submit(); ;) {
    const { status } = (await physicist.get(`/api/sodium/jobs/${warm}`)).json();
    if (status !== 'queued' && status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const id = await submit();
  // Each round is a health check, a look at the job and a 10 ms pause: a blocked event loop delays any of them.
  const rounds: number[] = [];
  let job: { status: string; error: string | null };
  do {
    const started = performance.now();
    expect((await server.anonymous.get('/api/health')).statusCode).toBe(200);
    job = (await physicist.get(`/api/sodium/jobs/${id}`)).json();
    await new Promise((resolve) => setTimeout(resolve, 10));
    rounds.push(performance.now() - started);
  } while (job.status === 'queued' || job.status === 'running');
  expect(job.status, job.error ?? '').toBe('succeeded');
  // What is left on the main thread (reading the stored files, copying them to the worker, recording the result)
  // holds it for a few tens of milliseconds.
  expect(rounds.length).toBeGreaterThan(5);
  expect(Math.max(...rounds)).toBeLessThan(250);
}, 60_000);

it('stops a quantification at its time limit and records the job failed with the reason', async () => {
  const app = await buildApp({ db: server.db, webRoot: '/nonexistent', dataDir: dir, sodiumTimeLimitMs: 1 });
  try {
    await app.ready();
    const actor = { userId: null, username: 'physicist', role: 'physicist', requestId: 'test' } as const;
    const { id } = await app.manusSodiumJobs.submit(actor, examId, {
      ...series,
      legend,
      relaxation: null,
      receiveField: null,
      transmitField: null,
      noiseCorrection: true,
    });
    let job = await app.manusSodiumJobs.get(id);
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await app.manusSodiumJobs.get(id);
    }
    expect(job).toMatchObject({ status: 'failed', quantificationId: null });
    expect(job.error).toMatch(/took longer than its time limit of 0\.001 s and was stopped/);
  } finally {
    await app.close();
  }
}, 60_000);

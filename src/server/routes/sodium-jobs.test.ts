import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseLegend } from '../../core/sodium/inputs.ts';
import { phantomLegend, type Phantom } from '../../core/sodium/phantom/phantom.ts';
import { plainPhantom } from '../../core/sodium/phantom/testing.ts';
import { quantify } from '../../core/sodium/quantify.ts';
import { listAudit, verifyAuditChain } from '../../db/audit.ts';
import { createSodiumJob, getSodiumJob, transitionSodiumJob } from '../../db/repositories/sodium-jobs.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { withTransaction } from '../../db/transaction.ts';
import { writeNifti } from '../../imaging/nifti/write.ts';
import { zipStored } from '../../imaging/testing/zip.ts';
import type { JobQueue } from '../../services/jobs/queue.ts';
import { SodiumJobRunner, type SodiumJobPayload } from '../../services/sodium/jobs.ts';
import { buildApp } from '../app.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

const phantomOf = plainPhantom;

const nifti = (p: Phantom, data: Float32Array | Int16Array, intent: 0 | 1002 = 0): Buffer =>
  writeNifti(
    { dims: p.dims, affine: p.affine, data, description: 'Manus test phantom', intent },
    { gzip: true },
  );

interface JobView {
  id: string;
  status: string;
  percent: number;
  error: string | null;
  quantificationId: string | null;
}

/** Polls a job until it has finished; the phantoms are small, so a second is plenty. */
async function finished(client: ApiClient, id: string): Promise<JobView> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const job = (await client.get(`/api/sodium/jobs/${id}`)).json() as JobView;
    expect(job.percent).toBeGreaterThanOrEqual(0);
    expect(job.percent).toBeLessThanOrEqual(100);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await sleep(10);
  }
  throw new Error(`job ${id} did not finish`);
}

describeEachEngine('sodium quantification jobs API', (engine) => {
  let server: TestServer;
  let dir: string;
  let physicist: ApiClient;
  let statistician: ApiClient;
  let examId: string;
  let sodiumUid: string;
  let labelsUid: string;
  const phantom = phantomOf(48);
  const legend = phantomLegend(phantom.truth);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-api-sodium-jobs-'));
    server = await startTestServer(engine, {
      dataDir: join(dir, 'data'),
    });
    physicist = await server.login('physicist');
    statistician = await server.login('statistician');
    examId = (
      await server.db.kysely.selectFrom('mri_exam').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    // The phantom goes through the ordinary exam upload: de-identified, stored, and listed as a series of the exam.
    const upload = async (name: string, bytes: Buffer): Promise<string> => {
      const res = await physicist.upload(
        `/api/exams/${examId}/images`,
        'application/zip',
        zipStored([{ name, bytes }]),
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.json().studies[0].series[0].seriesInstanceUid;
    };
    sodiumUid = await upload('sodium.nii.gz', nifti(phantom, phantom.sodium));
    labelsUid = await upload('labels.nii.gz', nifti(phantom, phantom.labels, 1002));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('quantifies the stored series in the background and records the result with its provenance, audited', async () => {
    const posted = await physicist.post(`/api/exams/${examId}/sodium/jobs`, {
      sodium: { seriesInstanceUid: sodiumUid },
      labels: { seriesInstanceUid: labelsUid },
      legend,
    });
    expect(posted.statusCode, posted.body).toBe(202);
    expect(posted.json()).toMatchObject({ examId, status: 'queued', percent: 0, requestedBy: 'physicist' });
    const job = await finished(statistician, posted.json().id);
    expect(job).toMatchObject({ status: 'succeeded', percent: 100, error: null });

    const [current] = (await statistician.get(`/api/exams/${examId}/sodium`)).json().items;
    expect(current).toMatchObject({ id: job.quantificationId, status: 'current', recordedBy: 'physicist' });
    expect(current.parameters).toMatchObject({
      noiseCorrection: true,
      inputs: { sodium: `series ${sodiumUid}`, labels: `series ${labelsUid}`, legend: `job ${job.id}` },
      grid: { dims: [48, 48, 48] },
      job: { id: job.id, request: { legend, relaxation: null } },
    });
    // The same numbers as the pipeline run on the phantom in memory: the store round trip loses nothing.
    const direct = quantify({
      grid: phantom,
      sodium: phantom.sodium,
      labels: phantom.labels,
      legend: parseLegend(legend),
      noiseCorrection: true,
    });
    expect(current.calibration.slope).toBeCloseTo(direct.calibration.slope, 6);
    expect(current.rois.map((r: { name: string }) => r.name)).toEqual(direct.rois.map((r) => r.name));
    direct.rois.forEach((roi, i) =>
      expect(current.rois[i].concentrationMmol.mean).toBeCloseTo(roi.concentrationMmol.mean, 4),
    );

    const actions = (
      await listAudit(server.db.kysely, { entities: [{ entityType: 'sodium_job', entityId: job.id }] })
    ).map((e) => e.action);
    expect(actions).toEqual(['sodium.job.create', 'sodium.job.start', 'sodium.job.succeed']);
    const recorded = await listAudit(server.db.kysely, {
      entities: [{ entityType: 'sodium_quantification', entityId: job.quantificationId! }],
    });
    expect(recorded.map((e) => e.action)).toEqual(['sodium.quantification.record']);
    expect((await verifyAuditChain(server.db.kysely)).valid).toBe(true);
  });

  it('takes a label map uploaded with the request', async () => {
    const posted = await physicist.post(`/api/exams/${examId}/sodium/jobs`, {
      sodium: { seriesInstanceUid: sodiumUid },
      labels: { niftiBase64: nifti(phantom, phantom.labels, 1002).toString('base64') },
      legend,
      noiseCorrection: false,
    });
    expect(posted.statusCode, posted.body).toBe(202);
    const job = await finished(physicist, posted.json().id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    const [current] = (await physicist.get(`/api/exams/${examId}/sodium`)).json().items;
    expect(current.parameters.noiseCorrection).toBe(false);
    expect(current.parameters.inputs.labels).toMatch(/^uploaded label map [0-9a-f]{64}$/);
  });

  it('refuses bad input before queuing anything', async () => {
    const labelMapBomb = gzipSync(Buffer.alloc(65 * 1024 ** 2)).toString('base64');
    const url = `/api/exams/${examId}/sodium/jobs`;
    const base = {
      sodium: { seriesInstanceUid: sodiumUid },
      labels: { seriesInstanceUid: labelsUid },
      legend,
    };
    const before = await server.db.kysely.selectFrom('sodium_job').select('id').execute();
    const noReference = { labels: { 9: { name: 'joint', kind: 'joint' } } };
    const cases: [unknown, number, RegExp][] = [
      [{ ...base, legend: noReference }, 400, /no reference/],
      [{ ...base, relaxation: { trMs: -1 } }, 400, /relaxation/],
      [{ ...base, sodium: { seriesInstanceUid: '1.2.3' } }, 404, /Series 1\.2\.3/],
      [{ ...base, labels: { niftiBase64: Buffer.from('not nifti').toString('base64') } }, 400, /label map/],
      // 65 MiB of zeros in 65 KB of gzip: refused on the worker at the label map's 64 MiB limit.
      [{ ...base, labels: { niftiBase64: labelMapBomb } }, 400, /larger than its limit of 67108864 bytes/],
      [{ ...base, sodium: { seriesInstanceUid: 'x' } }, 400, /DICOM UID/],
      [{ sodium: base.sodium, labels: base.labels }, 400, /legend/],
    ];
    for (const [body, status, message] of cases) {
      const res = await physicist.post(url, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.body).toMatch(message);
    }
    expect((await statistician.post(url, base)).statusCode).toBe(403);
    expect((await physicist.get('/api/sodium/jobs/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect(await server.db.kysely.selectFrom('sodium_job').select('id').execute()).toEqual(before);
  });

  it('fails a job whose label map is not on the sodium grid, with the reason', async () => {
    const small = phantomOf(32);
    const posted = await physicist.post(`/api/exams/${examId}/sodium/jobs`, {
      sodium: { seriesInstanceUid: sodiumUid },
      labels: { niftiBase64: nifti(small, small.labels, 1002).toString('base64') },
      legend,
    });
    expect(posted.statusCode, posted.body).toBe(202);
    const job = await finished(physicist, posted.json().id);
    expect(job).toMatchObject({ status: 'failed', quantificationId: null });
    expect(job.error).toMatch(/labels grid \(32×32×32\) does not match the sodium grid \(48×48×48\)/);
  });

  it('records a job once when a second attempt runs it meanwhile (a retry of a job taken for dead)', async () => {
    // A queue that hands the same job to two attempts at once, as pg-boss does when it retries a job whose server
    // it took for dead but which is still running it.
    let attempt: ((payload: SodiumJobPayload) => Promise<void>) | undefined;
    const queue: JobQueue<SodiumJobPayload> = {
      shared: true,
      start: async ({ run }) => {
        attempt = run;
      },
      enqueue: async () => undefined,
      stop: async () => undefined,
    };
    const runner = new SodiumJobRunner(server.db, join(dir, 'data'), queue);
    await runner.start();
    const actor = { userId: null, username: 'physicist', role: 'physicist', requestId: 'test' } as const;
    const job = await runner.submit(actor, examId, {
      sodium: { seriesInstanceUid: sodiumUid },
      labels: { seriesInstanceUid: labelsUid },
      legend,
      relaxation: null,
      receiveField: null,
      transmitField: null,
      noiseCorrection: true,
    });
    await Promise.all([attempt!({ jobId: job.id, actor }), attempt!({ jobId: job.id, actor })]);
    await runner.stop();
    expect(await getSodiumJob(server.db.kysely, job.id)).toMatchObject({ status: 'succeeded', percent: 100 });
    const recorded = (await physicist.get(`/api/exams/${examId}/sodium`))
      .json()
      .items.filter((q: { parameters: { job?: { id: string } } }) => q.parameters.job?.id === job.id);
    expect(recorded).toHaveLength(1);
    const actions = (
      await listAudit(server.db.kysely, { entities: [{ entityType: 'sodium_job', entityId: job.id }] })
    ).map((e) => e.action);
    expect(actions).toEqual([
      'sodium.job.create',
      'sodium.job.start',
      'sodium.job.start',
      'sodium.job.succeed',
    ]);
  });

  it(
    engine.name === 'sqlite'
      ? 'marks the jobs an interrupted server left unfinished as failed when the next one starts'
      : 'leaves running jobs to the shared queue when another server starts (it may be running them)',
    async () => {
      const actor = { userId: null, username: 'physicist', role: 'physicist', requestId: 'test' } as const;
      const request = {
        sodium: { seriesInstanceUid: sodiumUid },
        labels: { seriesInstanceUid: labelsUid },
        legend,
        relaxation: null,
        receiveField: null,
        transmitField: null,
        noiseCorrection: true,
      };
      const [queued, running] = await withTransaction(server.db, async (trx) => {
        const a = await createSodiumJob(trx, actor, examId, request);
        const b = await createSodiumJob(trx, actor, examId, request);
        await transitionSodiumJob(trx, actor, b.id, { status: 'running' });
        return [a, b];
      });
      const restarted = await buildApp({
        db: server.db,
        webRoot: '/nonexistent',
        dataDir: join(dir, 'data'),
      });
      await restarted.ready();
      await restarted.close();
      const statuses = [];
      for (const id of [queued.id, running.id])
        statuses.push(((await physicist.get(`/api/sodium/jobs/${id}`)).json() as JobView).status);
      if (engine.name === 'postgres') {
        expect(statuses).toEqual(['queued', 'running']);
        return;
      }
      expect(statuses).toEqual(['failed', 'failed']);
      const job = (await physicist.get(`/api/sodium/jobs/${running.id}`)).json() as JobView;
      expect(job.error).toMatch(/server stopped/);
      const failed = await listAudit(server.db.kysely, { action: 'sodium.job.fail' });
      expect(failed.filter((e) => e.entityId === running.id)).toHaveLength(1);
    },
  );
});

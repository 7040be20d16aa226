import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseLegend } from '../../core/sodium/inputs.ts';
import { generatePhantom, phantomLegend } from '../../core/sodium/phantom/phantom.ts';
import { quantify } from '../../core/sodium/quantify.ts';
import { listAudit, verifyAuditChain } from '../../db/audit.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { MANUS_VERSION } from '../../version.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

/** A quantification of a small phantom, in the shape `manus quantify --json` prints. */
function phantomReport(noiseCorrection: boolean) {
  const phantom = generatePhantom({
    size: 48,
    snr: 20,
    seed: 9,
    receiveField: false,
    transmitField: false,
    relaxation: false,
    proton: false,
  });
  const { map: _map, ...result } = quantify({
    grid: { dims: phantom.dims, spacing: phantom.spacing, affine: phantom.affine },
    sodium: phantom.sodium,
    labels: phantom.labels,
    legend: parseLegend(phantomLegend(phantom.truth)),
    noiseCorrection,
  });
  return {
    ...result,
    parameters: { manusVersion: MANUS_VERSION, noiseCorrection, inputs: { sodium: 'phantom' } },
  };
}

describeEachEngine('sodium API', (engine) => {
  let server: TestServer;
  let physicist: ApiClient;
  let statistician: ApiClient;
  let examId: string;
  let participantCode: string;
  const corrected = phantomReport(true);
  const plain = phantomReport(false);

  beforeAll(async () => {
    server = await startTestServer(engine);
    physicist = await server.login('physicist');
    statistician = await server.login('statistician');
    const exam = await server.db.kysely
      .selectFrom('mri_exam')
      .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
      .select(['mri_exam.id', 'participant.code'])
      .orderBy('participant.code')
      .executeTakeFirstOrThrow();
    examId = exam.id;
    participantCode = exam.code;
  });
  afterAll(() => server.close());

  it('records a quantification with its calibration, ROIs and provenance, and serves it back', async () => {
    const posted = await physicist.post(`/api/exams/${examId}/sodium`, corrected);
    expect(posted.statusCode).toBe(201);
    const stored = posted.json();
    expect(stored).toMatchObject({
      examId,
      participantCode,
      status: 'current',
      calibration: corrected.calibration,
      rois: corrected.rois,
      warnings: corrected.warnings,
      parameters: corrected.parameters,
      manusVersion: MANUS_VERSION,
      recordedBy: 'physicist',
      version: 1,
    });
    expect(stored.examCode).toMatch(/^MR-/);
    const read = await statistician.get(`/api/exams/${examId}/sodium`);
    expect(read.statusCode).toBe(200);
    // The demo's synthetic quantification of the exam is kept, superseded.
    const items = read.json().items;
    expect(items[0]).toEqual(stored);
    expect(items.slice(1).map((q: { status: string }) => q.status)).toEqual(['superseded']);
  });

  it('supersedes the previous quantification of the exam and keeps it', async () => {
    const second = await physicist.post(`/api/exams/${examId}/sodium`, plain);
    expect(second.statusCode).toBe(201);
    const items = (await statistician.get(`/api/exams/${examId}/sodium`)).json().items as {
      id: string;
      status: string;
      version: number;
      parameters: { noiseCorrection: boolean };
    }[];
    expect(items.map((q) => [q.status, q.version, q.parameters.noiseCorrection])).toEqual([
      ['current', 1, false],
      ['superseded', 2, true],
      ['superseded', 2, true],
    ]);
    // Every write was audited in its transaction, and the chain still verifies.
    const events = await listAudit(server.db.kysely, {
      entities: items.map((q) => ({ entityType: 'sodium_quantification', entityId: q.id })),
    });
    expect(events.map((e) => e.action).sort()).toEqual([
      'sodium.quantification.record',
      'sodium.quantification.record',
      'sodium.quantification.record',
      'sodium.quantification.supersede',
      'sodium.quantification.supersede',
    ]);
    expect(events.every((e) => e.username === 'physicist' && e.role === 'physicist')).toBe(true);
    expect((await verifyAuditChain(server.db.kysely)).valid).toBe(true);
  });

  it('gives every scanned demo participant a synthetic quantification, SSc slightly above controls', async () => {
    const exams = await server.db.kysely
      .selectFrom('mri_exam')
      .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
      .select(['participant.code', 'participant.arm'])
      .execute();
    const means: Record<string, number[]> = { ssc: [], control: [] };
    for (const exam of exams) {
      const joints = (await statistician.get(`/api/participants/${exam.code}/sodium`)).json().joints as {
        concentrationMmol: { mean: number };
      }[];
      expect(joints).toHaveLength(32);
      const mean = joints.reduce((sum, j) => sum + j.concentrationMmol.mean, 0) / joints.length;
      means[exam.arm]!.push(mean);
    }
    const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(means.ssc!.length + means.control!.length).toBe(exams.length);
    expect(average(means.control!)).toBeGreaterThan(190);
    expect(average(means.ssc!)).toBeLessThan(250);
    expect(average(means.ssc!) - average(means.control!)).toBeGreaterThan(5);
  });

  it('lists a participant’s joints from the current quantifications', async () => {
    const res = await statistician.get(`/api/participants/${participantCode}/sodium`);
    expect(res.statusCode).toBe(200);
    const joints = res.json().joints as {
      name: string;
      examId: string;
      concentrationMmol: { mean: number };
    }[];
    expect(joints).toHaveLength(32);
    expect(joints.every((j) => j.examId === examId)).toBe(true);
    const expected = plain.rois.find((r) => r.name === 'Right MCP2')!;
    expect(joints.find((j) => j.name === 'Right MCP2')!.concentrationMmol).toEqual(
      expected.concentrationMmol,
    );
  });

  it('answers 400 naming the fields of a malformed report, 404 for an unknown exam', async () => {
    const bad = await physicist.post(`/api/exams/${examId}/sodium`, {
      ...corrected,
      calibration: {
        ...corrected.calibration,
        slope: -1,
        references: corrected.calibration.references.slice(0, 1),
      },
      parameters: { noiseCorrection: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['body.calibration.references', 'body.calibration.slope', 'body.parameters.manusVersion']);
    const missing = await physicist.post('/api/exams/00000000-0000-4000-8000-000000000000/sodium', corrected);
    expect(missing.statusCode).toBe(404);
    expect(
      (await statistician.get('/api/exams/00000000-0000-4000-8000-000000000000/sodium')).statusCode,
    ).toBe(404);
  });

  it('lets only the physicist record, and keeps blinded readers out', async () => {
    const investigator = await server.login('investigator');
    expect((await investigator.post(`/api/exams/${examId}/sodium`, corrected)).statusCode).toBe(403);
    expect((await investigator.get(`/api/exams/${examId}/sodium`)).statusCode).toBe(200);
    const reader = await server.login('radiologist');
    expect((await reader.get(`/api/exams/${examId}/sodium`)).statusCode).toBe(403);
    expect((await reader.get(`/api/participants/${participantCode}/sodium`)).statusCode).toBe(403);
  });
});

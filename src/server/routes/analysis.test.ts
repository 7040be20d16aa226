import { afterAll, beforeAll, expect, it } from 'vitest';
import { PRIMARY_ABNORMALITIES, type AnalysisResult } from '../../core/analysis/types.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

/**
 * The outcome analysis over the API, as the statistician of the study meets it: the whole result, every participant
 * accounted for, the adjustment chosen by the caller; the data manager may see it too; a radiologist, who reads
 * blinded to the arms, is refused, and so is anyone not logged in.
 */
describeEachEngine('analysis API', (engine) => {
  let server: TestServer;
  let statistician: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    statistician = await server.login('statistician');
  });
  afterAll(() => server.close());

  it('gives the statistician every outcome, each participant with the reason it is not analysed', async () => {
    const response = await statistician.get('/api/analysis');
    expect(response.statusCode).toBe(200);
    const result = response.json() as AnalysisResult;
    expect(result.primary.filter((r) => r.site === 'any').map((r) => r.abnormality)).toEqual([
      ...PRIMARY_ABNORMALITIES,
    ]);
    const participants = await server.db.kysely
      .selectFrom('participant')
      .select('code')
      .orderBy('code')
      .execute();
    expect(result.participants.map((p) => p.code)).toEqual(participants.map((p) => p.code));
    // The seeded database has no readings yet: nobody is analysed, and each says why.
    expect(result.participants.every((p) => !p.analysed && p.reason !== null)).toBe(true);
    expect(result.provenance).toMatchObject({ synthetic: true, parameters: { adjust: 'holm' } });
    expect(result.provenance.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('adjusts as asked, and refuses an adjustment it does not know', async () => {
    const bonferroni = await statistician.get('/api/analysis?adjust=bonferroni');
    expect(bonferroni.statusCode).toBe(200);
    expect((bonferroni.json() as AnalysisResult).provenance.parameters.adjust).toBe('bonferroni');
    expect((await statistician.get('/api/analysis?adjust=sidak')).statusCode).toBe(400);
  });

  it('serves the data manager, and refuses a radiologist and an anonymous caller', async () => {
    expect((await (await server.login('datamanager')).get('/api/analysis')).statusCode).toBe(200);
    expect((await (await server.login('radiologist')).get('/api/analysis')).statusCode).toBe(403);
    expect((await server.anonymous.get('/api/analysis')).statusCode).toBe(401);
  });
});

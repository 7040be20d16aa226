import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { CHROMIUM } from '../../services/report/chromium.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

const CAN_PRINT = existsSync(CHROMIUM) || process.env.MANUS_REQUIRE_BROWSER === '1';

describeEachEngine('outcome report API', (engine) => {
  let server: TestServer;
  let statistician: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    statistician = await server.login('statistician');
  });
  afterAll(() => server.close());

  it('downloads the demo study report as HTML in French, one row per primary row of the analysis', async () => {
    const res = await statistician.get('/api/analysis/report?format=html&lang=fr&adjust=bonferroni');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="manus-outcomes-\d{4}-\d\d-\d\d-[0-9a-f]{8}-fr\.html"$/,
    );
    expect(res.body).toContain('Critère de jugement principal');
    expect(res.body).toContain('bonferroni');
    const rows =
      res.body.match(/<tr data-key="(erosion|bone_oedema|synovitis|tenosynovitis|effusion):/g) ?? [];
    expect(rows.length).toBeGreaterThan(5);
  });

  it('refuses radiologists and monitors, and an unknown format', async () => {
    for (const username of ['radiologist', 'monitor']) {
      const client = await server.login(username);
      expect((await client.get('/api/analysis/report')).statusCode, username).toBe(403);
    }
    expect((await statistician.get('/api/analysis/report?format=docx')).statusCode).toBe(400);
  });

  it.skipIf(!CAN_PRINT || engine.name !== 'sqlite')(
    'prints the report to PDF',
    async () => {
      const datamanager = await server.login('datamanager');
      const res = await datamanager.get('/api/analysis/report?format=pdf&lang=en');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const text = spawnSync('pdftotext', ['-', '-'], { input: res.rawPayload, encoding: 'utf8' }).stdout;
      expect(text).toContain('Primary outcome');
    },
    60_000,
  );
});

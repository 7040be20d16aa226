import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ENGINES } from '../db/testing/engines.ts';
import { generateCohort } from '../services/demo/cohort.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

// The worker reads rows handed over from the main thread, never the database itself: one engine is enough.
let server: TestServer;
let statistician: ApiClient;
beforeAll(async () => {
  server = await startTestServer(TEST_ENGINES[0]!, {}, (db) =>
    generateCohort(db, { participants: 400, seed: 3 }),
  );
  statistician = await server.login('statistician');
}, 60_000);
afterAll(() => server.close());

it('keeps /api/health answering while the outcome analysis runs', async () => {
  let settled = false;
  const analysis = statistician.get('/api/analysis').finally(() => {
    settled = true;
  });
  const latencies: number[] = [];
  while (!settled) {
    const started = performance.now();
    const health = await server.anonymous.get('/api/health');
    latencies.push(performance.now() - started);
    expect(health.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const res = await analysis;
  expect(res.statusCode).toBe(200);
  expect(res.json().participants).toHaveLength(400);
  // The analysis of 400 participants took a few hundred ms on the event loop, blocking every request meanwhile.
  expect(latencies.length).toBeGreaterThan(5);
  expect(Math.max(...latencies)).toBeLessThan(150);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ENGINES } from '../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

// The statistics workers do not touch the database: one engine is enough.
let server: TestServer;
let statistician: ApiClient;
beforeAll(async () => {
  server = await startTestServer(TEST_ENGINES[0]!, { statsTimeLimitMs: 1000 });
  statistician = await server.login('statistician');
});
afterAll(() => server.close());

const ones = (n: number) => Array.from({ length: n }, () => new Array<number>(n).fill(1));

it("refuses issue 12's tables at once, naming the cells beyond the bounds", async () => {
  for (const table of [
    [
      [3e8, 0],
      [0, 3e8],
    ],
    [
      [1e6, 1e6],
      [1e6, 1e6],
    ],
    [
      [5e9, 0],
      [0, 5e9],
    ],
  ]) {
    const res = await statistician.post('/api/stats/fisher-exact', { table });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toEqual({
      path: 'table.0.0',
      code: 'out_of_range',
      message: 'must be a count of at most 100000',
    });
  }
});

it('keeps /api/health answering while a test runs, and stops the test at its time limit', async () => {
  // Warm the pool so the measured run is the computation, not the worker's start.
  expect((await statistician.post('/api/stats/describe', { x: [1, 2, 3] })).statusCode).toBe(200);
  let settled = false;
  const heavy = statistician.post('/api/stats/fisher-exact', { table: ones(20) }).finally(() => {
    settled = true;
  });
  const latencies: number[] = [];
  while (!settled) {
    const started = performance.now();
    const health = await server.anonymous.get('/api/health');
    latencies.push(performance.now() - started);
    expect(health.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const res = await heavy;
  expect(res.statusCode).toBe(422);
  expect(res.json().error).toMatchObject({
    code: 'invalid',
    message: expect.stringContaining('time limit of 1 s'),
    fields: [{ path: '(input)', code: 'rule', message: 'needs more than 1 s' }],
  });
  // On the event loop the 20 x 20 table froze the server for 73 s: now every health check answers at once.
  expect(latencies.length).toBeGreaterThan(10);
  expect(Math.max(...latencies)).toBeLessThan(250);
  // The stopped worker is replaced.
  const after = await statistician.post('/api/stats/fisher-exact', {
    table: [
      [5, 0],
      [0, 5],
    ],
  });
  expect(after.statusCode).toBe(200);
  expect(after.json().pValue).toBeCloseTo(0.007936507936507936, 15);
});

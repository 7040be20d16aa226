import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

describeEachEngine('stats API', (engine) => {
  let server: TestServer;
  let statistician: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    statistician = await server.login('statistician');
  });
  afterAll(() => server.close());

  it('runs a test with the same result as the CLI, infinite values as strings', async () => {
    const res = await statistician.post('/api/stats/fisher-exact', {
      table: [
        [5, 0],
        [0, 5],
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      shape: '2x2',
      oddsRatio: 'Infinity',
      ci: [expect.any(Number), 'Infinity'],
    });
    expect(res.json().pValue).toBeCloseTo(0.007936507936507936, 15);
  });

  it('lists every test with the JSON Schema of its input', async () => {
    const res = await statistician.get('/api/stats');
    expect(res.statusCode).toBe(200);
    const tests = res.json().tests as { name: string; input: { properties: Record<string, unknown> } }[];
    expect(tests).toHaveLength(15);
    expect(Object.keys(tests.find((t) => t.name === 'logistic')!.input.properties)).toEqual([
      'y',
      'x',
      'firth',
      'level',
    ]);
  });

  it('answers 400 naming the field for malformed input, and the allowed tests for an unknown one', async () => {
    const bad = await statistician.post('/api/stats/mann-whitney', { x: [1, 'a'], y: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: 'x.1', code: 'invalid_type', message: 'must be a finite number' },
      { path: 'y', code: 'required', message: 'must hold at least 1 value' },
    ]);
    const unknown = await statistician.post('/api/stats/anova', {});
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0]).toMatchObject({ path: 'params.test' });
    expect(unknown.json().error.fields[0].message).toContain('fisher-exact, chi-square');
  });

  it('answers 422 for a domain rule (collinear predictors)', async () => {
    const res = await statistician.post('/api/stats/logistic', {
      y: [0, 1, 0, 1],
      x: { a: [1, 2, 3, 4], b: [2, 4, 6, 8] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields[0].path).toBe('x.b');
  });

  it('refuses a blinded radiologist', async () => {
    const radiologist = await server.login('radiologist');
    expect((await radiologist.post('/api/stats/describe', { x: [1, 2] })).statusCode).toBe(403);
    expect((await radiologist.get('/api/stats')).statusCode).toBe(403);
  });
});

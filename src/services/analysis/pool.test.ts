import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { TEST_ENGINES } from '../../db/testing/engines.ts';
import { AnalysisWorkers } from './pool.ts';
import { analyzeStudy } from './run.ts';

// The worker reads through its own connection; the analysis API's tests run it on every engine.
let db: Database;
beforeAll(async () => {
  db = await TEST_ENGINES[0]!.open();
  await seedDemo(db);
});
afterAll(() => db.close());

const OPTIONS = { adjust: 'holm', confidenceLevel: 0.95 } as const;

it('gives on its worker the same result as the analysis on the calling thread', async () => {
  const workers = new AnalysisWorkers({ timeLimitMs: 60_000 });
  try {
    const now = new Date('2026-01-02T03:04:05Z');
    expect(await workers.analyze(db, OPTIONS, now)).toEqual(await analyzeStudy(db, OPTIONS, now));
  } finally {
    await workers.close();
  }
});

it('stops an analysis at its time limit and refuses it', async () => {
  const workers = new AnalysisWorkers({ timeLimitMs: 1 });
  try {
    await expect(workers.analyze(db, OPTIONS)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('time limit of 0.001 s'),
    });
  } finally {
    await workers.close();
  }
});

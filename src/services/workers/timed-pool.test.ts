import { expect, it } from 'vitest';
import { ROOT_URL } from '../../root.ts';
import { TimedWorkerPool } from './timed-pool.ts';
import type { TimedTask } from './task.ts';

it('refuses a task whose worker fails to load, instead of leaving it pending for ever', async () => {
  const script = new URL('src/services/workers/testing/unloadable-worker.mjs', ROOT_URL);
  const pool = new TimedWorkerPool<TimedTask, never>(
    { name: 'unloadable-worker-test', entry: script, tsxEntry: script },
    { timeLimitMs: 60_000, threads: 1, maxQueue: 1, heapMb: 64 },
  );
  try {
    await expect(pool.run({})).rejects.toThrow('A worker thread failed: this worker cannot load');
  } finally {
    await pool.close();
  }
});

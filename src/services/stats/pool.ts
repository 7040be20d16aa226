import { availableParallelism } from 'node:os';
import { ManusError } from '../../core/errors.ts';
import type { JsonObject } from '../../core/stats/json.ts';
import type { StatsTestName } from '../../core/stats/registry.ts';
import type { WorkerSource } from '../../imaging/import/worker-script.ts';
import { ROOT_URL } from '../../root.ts';
import {
  TaskOutOfMemory,
  TaskTimeLimitExceeded,
  TimedWorkerPool,
  WorkersBusy,
} from '../workers/timed-pool.ts';
import type { StatsTask } from './worker.ts';

const STATS_WORKER: WorkerSource = {
  name: 'stats-worker',
  entry: new URL('src/services/stats/worker.ts', ROOT_URL),
  tsxEntry: new URL('src/services/stats/worker-entry.mjs', ROOT_URL),
};

export interface StatsPoolOptions {
  /** Longest a test may compute, from the moment a thread starts it; the thread is then ended. */
  timeLimitMs: number;
  /** Worker threads (default: all cores but one, at least one). */
  threads?: number;
  /** Tests waiting for a thread beyond which requests are refused as too many (this bounds the wait too). */
  maxQueue?: number;
}

/** A test that ran out of the worker's heap: the size of the largest accepted input keeps this rare. */
const HEAP_MB = 512;

/**
 * Statistical tests on worker threads, so that a long computation (an exact test on a large table, Kendall's tau on
 * thousands of values) never stalls the server's event loop: health checks and other users keep their latency.
 * Each test has a time limit: past it the worker is ended (its memory with it) and the request refused.
 */
export class StatsPool {
  private readonly pool: TimedWorkerPool<StatsTask, JsonObject>;

  constructor(options: StatsPoolOptions) {
    this.pool = new TimedWorkerPool(STATS_WORKER, {
      timeLimitMs: options.timeLimitMs,
      threads: options.threads ?? Math.max(1, availableParallelism() - 1),
      maxQueue: options.maxQueue ?? 16,
      heapMb: HEAP_MB,
    });
  }

  /** Validates and runs one test; a refusal of its input is thrown as the ManusError the test raised. */
  async run(test: StatsTestName, input: unknown): Promise<JsonObject> {
    try {
      return await this.pool.run({ test, input });
    } catch (error) {
      throw refusalOf(error) ?? error;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The refusal a pool failure stands for, or undefined for a refusal of the input or a defect (a 500). */
function refusalOf(error: unknown): ManusError | undefined {
  if (error instanceof TaskTimeLimitExceeded) {
    const seconds = error.limitMs / 1000;
    return new ManusError(
      'invalid',
      `The test took longer than its time limit of ${seconds} s and was stopped: the input is too large for it`,
      [{ path: '(input)', code: 'rule', message: `needs more than ${seconds} s` }],
    );
  }
  if (error instanceof WorkersBusy)
    return new ManusError('rate_limited', 'Every statistics worker is busy: try again in a moment');
  if (error instanceof TaskOutOfMemory)
    return new ManusError(
      'invalid',
      'The test needed more memory than a statistics worker has: the input is too large for it',
      [{ path: '(input)', code: 'rule', message: `needs more than ${error.heapMb} MB` }],
    );
  return undefined;
}

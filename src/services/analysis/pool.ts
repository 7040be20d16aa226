import { ManusError } from '../../core/errors.ts';
import type { AnalysisOptions } from '../../core/analysis/input.ts';
import type { AnalysisResult } from '../../core/analysis/types.ts';
import type { Database } from '../../db/connection.ts';
import type { WorkerSource } from '../../imaging/import/worker-script.ts';
import { ROOT_URL } from '../../root.ts';
import { MANUS_VERSION } from '../../version.ts';
import { TaskTimeLimitExceeded, TimedWorkerPool, WorkersBusy } from '../workers/timed-pool.ts';
import type { AnalysisTask } from './worker.ts';

const ANALYSIS_WORKER: WorkerSource = {
  name: 'analysis-worker',
  entry: new URL('src/services/analysis/worker.ts', ROOT_URL),
  tsxEntry: new URL('src/services/analysis/worker-entry.mjs', ROOT_URL),
};

export interface AnalysisWorkerOptions {
  /** Longest one analysis may take, from its start on the thread; the thread is then ended. */
  timeLimitMs: number;
  /** Analyses waiting for the thread beyond which requests are refused as too many. */
  maxQueue?: number;
}

/**
 * The outcome analysis on a worker thread, so that the seconds it takes on a large study (reading every final
 * reading, parsing it, then the tests) never stall the server's event loop. The worker reads the study through a
 * connection of its own. One thread: an analysis holds the whole study in memory, and two at once would only share
 * the same cores.
 */
export class AnalysisWorkers {
  private readonly pool: TimedWorkerPool<AnalysisTask, AnalysisResult>;

  constructor(options: AnalysisWorkerOptions) {
    this.pool = new TimedWorkerPool(ANALYSIS_WORKER, {
      timeLimitMs: options.timeLimitMs,
      threads: 1,
      maxQueue: options.maxQueue ?? 4,
    });
  }

  async analyze(db: Database, options: AnalysisOptions, now: Date = new Date()): Promise<AnalysisResult> {
    try {
      return await this.pool.run({
        connection: db.connection,
        options,
        run: { softwareVersion: MANUS_VERSION, generatedAt: now.toISOString() },
      });
    } catch (error) {
      if (error instanceof TaskTimeLimitExceeded)
        throw new ManusError(
          'invalid',
          `The analysis took longer than its time limit of ${error.limitMs / 1000} s and was stopped: the study is too large for it`,
        );
      if (error instanceof WorkersBusy)
        throw new ManusError('rate_limited', 'Other analyses are running: try again in a moment');
      throw error;
    }
  }

  close(): Promise<void> {
    // An analysis still running when the server stops has no one left to answer: end it.
    return this.pool.close();
  }
}

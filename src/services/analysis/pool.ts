import { Piscina } from 'piscina';
import { ManusError } from '../../core/errors.ts';
import type { AnalysisOptions } from '../../core/analysis/input.ts';
import type { AnalysisResult } from '../../core/analysis/types.ts';
import type { Database } from '../../db/connection.ts';
import { workerScript, type WorkerSource } from '../../imaging/import/worker-script.ts';
import { ROOT_URL } from '../../root.ts';
import { MANUS_VERSION } from '../../version.ts';
import { loadAnalysisSnapshot } from './load.ts';
import type { AnalysisTask } from './worker.ts';

const ANALYSIS_WORKER: WorkerSource = {
  name: 'analysis-worker',
  entry: new URL('src/services/analysis/worker.ts', ROOT_URL),
  tsxEntry: new URL('src/services/analysis/worker-entry.mjs', ROOT_URL),
};

export interface AnalysisWorkerOptions {
  /** Longest one analysis may take, its wait for the thread included; the thread is then ended. */
  timeLimitMs: number;
  /** Analyses waiting for the thread beyond which requests are refused as too many. */
  maxQueue?: number;
}

/**
 * The outcome analysis on a worker thread, so that the seconds it takes on a large study (parsing every final
 * reading, then the tests) never stall the server's event loop. The rows are read from the database on the main
 * thread (the driver is asynchronous there) and handed over whole; everything after runs on the worker. One
 * thread: an analysis holds the whole study in memory, and two at once would only share the same cores.
 */
export class AnalysisWorkers {
  private pool: Piscina<AnalysisTask, AnalysisResult> | undefined;
  private starting: Promise<Piscina<AnalysisTask, AnalysisResult>> | undefined;

  constructor(private readonly options: AnalysisWorkerOptions) {}

  private start(): Promise<Piscina<AnalysisTask, AnalysisResult>> {
    this.starting ??= workerScript(ANALYSIS_WORKER).then((script) => {
      this.pool = new Piscina<AnalysisTask, AnalysisResult>({
        filename: script.url.href,
        minThreads: 0,
        maxThreads: 1,
        maxQueue: this.options.maxQueue ?? 4,
        idleTimeout: 60_000,
        // Not the parent's flags: a parent started with `--import tsx` would load tsx into the worker.
        execArgv: [],
      });
      return this.pool;
    });
    return this.starting;
  }

  async analyze(db: Database, options: AnalysisOptions, now: Date = new Date()): Promise<AnalysisResult> {
    const [pool, snapshot] = await Promise.all([this.start(), loadAnalysisSnapshot(db)]);
    const limit = this.options.timeLimitMs;
    try {
      return await pool.run(
        { snapshot, options, run: { softwareVersion: MANUS_VERSION, generatedAt: now.toISOString() } },
        { signal: AbortSignal.timeout(limit) },
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError')
        throw new ManusError(
          'invalid',
          `The analysis took longer than its time limit of ${limit / 1000} s and was stopped: the study is too large for it`,
        );
      if (error instanceof Error && error.message === 'Task queue is at limit')
        throw new ManusError('rate_limited', 'Other analyses are running: try again in a moment');
      throw error;
    }
  }

  async close(): Promise<void> {
    // An analysis still running when the server stops has no one left to answer: end it.
    await this.pool?.destroy();
  }
}

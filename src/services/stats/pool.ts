import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ManusError } from '../../core/errors.ts';
import type { JsonObject } from '../../core/stats/json.ts';
import type { StatsTestName } from '../../core/stats/registry.ts';
import { workerScript, type WorkerSource } from '../../imaging/import/worker-script.ts';
import type { StatsOutcome, StatsTask } from './worker.ts';
import { ROOT_URL } from '../../root.ts';

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
 * Each test has a time limit: past it the worker is ended (its memory with it) and the request refused. Threads
 * start on the first test and stop when idle.
 */
export class StatsPool {
  private pool: Piscina<StatsTask, StatsOutcome> | undefined;
  private starting: Promise<Piscina<StatsTask, StatsOutcome>> | undefined;

  constructor(private readonly options: StatsPoolOptions) {}

  private start(): Promise<Piscina<StatsTask, StatsOutcome>> {
    this.starting ??= workerScript(STATS_WORKER).then((script) => {
      this.pool = new Piscina<StatsTask, StatsOutcome>({
        filename: script.url.href,
        minThreads: 0,
        maxThreads: this.options.threads ?? Math.max(1, availableParallelism() - 1),
        maxQueue: this.options.maxQueue ?? 16,
        idleTimeout: 60_000,
        // Not the parent's flags: a parent started with `--import tsx` would load tsx into every worker.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
      });
      return this.pool;
    });
    return this.starting;
  }

  /** Validates and runs one test; a refusal of its input is thrown as the ManusError the test raised. */
  async run(test: StatsTestName, input: unknown): Promise<JsonObject> {
    const pool = await this.start();
    const limit = this.options.timeLimitMs;
    const { port1: started, port2: toWorker } = new MessageChannel();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    started.once('message', () => {
      timer = setTimeout(() => controller.abort(new TimeLimitExceeded()), limit);
    });
    let outcome: StatsOutcome;
    try {
      outcome = await pool.run(
        { test, input, started: toWorker },
        { signal: controller.signal, transferList: [toWorker] },
      );
    } catch (error) {
      throw refusalOf(error, limit) ?? error;
    } finally {
      clearTimeout(timer);
      started.close();
    }
    if (outcome.ok) return outcome.value;
    throw new ManusError(outcome.kind, outcome.message, outcome.fields);
  }

  async close(): Promise<void> {
    // A test still running when the server stops has no one left to answer: end it.
    await this.pool?.destroy();
  }
}

class TimeLimitExceeded extends Error {}

/** The refusal a pool failure stands for, or undefined for a defect (which stays a 500). */
function refusalOf(error: unknown, limitMs: number): ManusError | undefined {
  if (!(error instanceof Error)) return undefined;
  // Piscina gives the abort's reason as the cause of its AbortError.
  if (error.name === 'AbortError' && error.cause instanceof TimeLimitExceeded)
    return new ManusError(
      'invalid',
      `The test took longer than its time limit of ${limitMs / 1000} s and was stopped: the input is too large for it`,
      [{ path: '(input)', code: 'rule', message: `needs more than ${limitMs / 1000} s` }],
    );
  if (error.message === 'Task queue is at limit')
    return new ManusError('rate_limited', 'Every statistics worker is busy: try again in a moment');
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new ManusError(
      'invalid',
      'The test needed more memory than a statistics worker has: the input is too large for it',
      [{ path: '(input)', code: 'rule', message: `needs more than ${HEAP_MB} MB` }],
    );
  return undefined;
}

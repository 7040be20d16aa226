import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ManusError } from '../../core/errors.ts';
import { workerScript, type WorkerSource } from '../../imaging/import/worker-script.ts';
import type { TaskMessage, TimedTask, WorkerOutcome } from './task.ts';

export interface TimedPoolOptions {
  /** Longest a task may run, from the moment a thread starts it; the thread is then ended. */
  timeLimitMs: number;
  threads: number;
  /** Tasks waiting for a thread beyond which new ones are refused as too many (this bounds the wait too). */
  maxQueue: number;
  /**
   * Heap of each thread, in MB: a task that needs more is refused rather than taking the server's memory (default:
   * Node's own limit).
   */
  heapMb?: number;
  /** The worker module's export that runs the tasks (default: its default export). */
  exportName?: string;
}

/** A task stopped at its time limit (the thread running it was ended). */
export class TaskTimeLimitExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`The task took longer than its time limit of ${limitMs / 1000} s`);
  }
}

/** Every thread is busy and the queue is full. */
export class WorkersBusy extends Error {}

/** A task ran out of its thread's heap. */
export class TaskOutOfMemory extends Error {
  constructor(readonly heapMb: number | undefined) {
    super(`The task needed more memory than its worker thread has${heapMb ? ` (${heapMb} MB)` : ''}`);
  }
}

/**
 * A worker thread failed outside any task (its script did not load, say): the tasks in flight are refused with it,
 * since Piscina would leave them waiting for ever.
 */
export class WorkerFailure extends Error {
  constructor(cause: Error) {
    super(`A worker thread failed: ${cause.message}`, { cause });
  }
}

/**
 * CPU-heavy work on worker threads (Piscina), so that it never stalls the server's event loop: health checks and
 * other users keep their latency while it runs. Each task has a time limit counted from its start on a thread;
 * past it the thread is ended (its memory with it) and the task refused. Threads start on the first task and stop
 * when idle. A task's work runs through `runTimedTask` (task.ts) on the worker, whose refusals come back here as
 * the ManusError they were. The statistics, the outcome analysis, the sodium quantification and the BIDS export's
 * concentration maps run on pools of this kind.
 */
export class TimedWorkerPool<Task extends TimedTask, Value, Note = never> {
  private pool: Piscina<Task, WorkerOutcome<Value>> | undefined;
  private starting: Promise<Piscina<Task, WorkerOutcome<Value>>> | undefined;
  /** The tasks in flight, each by the controller that aborts it. */
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly source: WorkerSource,
    private readonly options: TimedPoolOptions,
  ) {}

  private start(): Promise<Piscina<Task, WorkerOutcome<Value>>> {
    this.starting ??= workerScript(this.source).then((script) => {
      this.pool = new Piscina<Task, WorkerOutcome<Value>>({
        filename: script.url.href,
        minThreads: 0,
        maxThreads: this.options.threads,
        maxQueue: this.options.maxQueue,
        idleTimeout: 60_000,
        // Not the parent's flags: a parent started with `--import tsx` would load tsx into every worker.
        execArgv: [],
        ...(this.options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb } } : {}),
      });
      this.pool.on('error', (error: Error) => {
        for (const controller of this.inFlight) controller.abort(new WorkerFailure(error));
      });
      return this.pool;
    });
    return this.starting;
  }

  /**
   * Runs one task; its input refused by the worker is thrown as that ManusError, a time limit, a full queue or a
   * heap exhausted as `TaskTimeLimitExceeded`, `WorkersBusy` or `TaskOutOfMemory`. `onNote` hears the task's notes.
   */
  async run(
    task: Omit<Task, 'channel'>,
    { transferList = [], onNote }: { transferList?: ArrayBuffer[]; onNote?: (note: Note) => void } = {},
  ): Promise<Value> {
    const pool = await this.start();
    const limit = this.options.timeLimitMs;
    const { port1: fromWorker, port2: toWorker } = new MessageChannel();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    fromWorker.on('message', (message: TaskMessage<Note>) => {
      if ('started' in message)
        timer = setTimeout(() => controller.abort(new TaskTimeLimitExceeded(limit)), limit);
      else onNote?.(message.note);
    });
    let outcome: WorkerOutcome<Value>;
    this.inFlight.add(controller);
    try {
      outcome = await pool.run({ ...task, channel: toWorker } as Task, {
        signal: controller.signal,
        transferList: [toWorker, ...transferList],
        ...(this.options.exportName ? { name: this.options.exportName } : {}),
      });
    } catch (error) {
      throw this.failureOf(error) ?? error;
    } finally {
      this.inFlight.delete(controller);
      clearTimeout(timer);
      fromWorker.close();
    }
    if (outcome.ok) return outcome.value;
    throw new ManusError(outcome.kind, outcome.message, outcome.fields);
  }

  /** The failure a pool error stands for, or undefined when it is one already (it stays as it is). */
  private failureOf(error: unknown): Error | undefined {
    if (!(error instanceof Error)) return undefined;
    // Piscina gives the abort's reason as the cause of its AbortError.
    if (
      error.name === 'AbortError' &&
      (error.cause instanceof TaskTimeLimitExceeded || error.cause instanceof WorkerFailure)
    )
      return error.cause;
    if (error.message === 'Task queue is at limit') return new WorkersBusy(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY')
      return new TaskOutOfMemory(this.options.heapMb);
    return undefined;
  }

  async close(): Promise<void> {
    // A task still running when the server stops has no one left to answer: end it.
    await this.pool?.destroy();
  }
}

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { emptyReport, mergeReport, type DeidReport } from '../deid/report.ts';
import { dictionaryRows } from '../dicom/dictionary.ts';
import { openImportStores } from '../store/open.ts';
import type { StoreConfig } from '../store/store.ts';
import {
  processInput,
  type ImportInput,
  type ImportJob,
  type ImportStores,
  type ProcessOutcome,
} from './process.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';
import { workerScript, type WorkerScript, type WorkerSource } from './worker-script.ts';
import { ROOT_URL } from '../../root.ts';

/**
 * Files each worker may have in hand at once: enough that a worker always has the next one queued while the
 * calling thread is busy elsewhere (a database commit), since inputs are paths or small files.
 */
const PER_WORKER = 4;

export const IMPORT_WORKER: WorkerSource = {
  name: 'import-worker',
  entry: new URL('src/imaging/import/worker.ts', ROOT_URL),
  tsxEntry: new URL('src/imaging/import/worker-entry.mjs', ROOT_URL),
};

type Waiter = { resolve: (reply: WorkerReply) => void; reject: (e: Error) => void };

/**
 * Parses, de-identifies and stores files on worker threads, so headers are parsed in parallel on every core.
 * With size 0 the work runs on the calling thread (small uploads, where starting workers costs more than it saves).
 * Workers take a few hundred milliseconds to load their modules; until the first is ready, files are processed on
 * the calling thread, which has them loaded already, so that start-up costs no time.
 */
export class ImportPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Waiter>();
  /** Files in hand per worker, for the workers that are ready. */
  private readonly load = new Map<Worker, number>();
  private nextId = 1;
  private local: ImportStores | undefined;
  /** What de-identification did to the files processed on the calling thread. */
  private readonly localReport = emptyReport();

  /** Settles when the first worker is ready (or one failed to start). */
  private readonly firstReady: Promise<void>;

  private constructor(
    readonly size: number,
    private readonly job: ImportJob,
    private readonly store: StoreConfig,
    script: WorkerScript | undefined,
    private readonly callingThread: boolean,
  ) {
    let ready: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.firstReady = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    // Awaited only when the calling thread may not process files; a failure also reaches every pending file.
    this.firstReady.catch(() => undefined);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script!.url, {
        // Not the parent's flags: a parent started with `--import tsx` would load tsx and its loader thread into
        // every worker, for a bundle of plain JavaScript (the tsx entry point registers tsx itself).
        execArgv: [],
        // A small heap makes workers collect early: each holds only the files it is working on.
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
      });
      worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) {
          this.load.set(worker, 0);
          ready();
        } else this.settle(reply);
      });
      worker.on('error', (error) => {
        failed(error);
        this.failAll(error);
      });
      this.workers.push(worker);
    }
    // After the workers are started, so that loading the dictionary here overlaps their start-up.
    if (size > 0) {
      const dictionary: WorkerRequest = { kind: 'dictionary', rows: dictionaryRows() };
      for (const worker of this.workers) worker.postMessage(dictionary);
    }
  }

  /**
   * With `callingThread` false (and at least one worker), no file is processed on the calling thread: files wait
   * for the first worker instead.
   */
  static async start(
    size: number,
    job: ImportJob,
    store: StoreConfig,
    { callingThread }: { callingThread: boolean } = { callingThread: true },
  ): Promise<ImportPool> {
    const script = size > 0 ? await workerScript(IMPORT_WORKER) : undefined;
    return new ImportPool(size, job, store, script, callingThread || size === 0);
  }

  static defaultSize(): number {
    return Math.max(1, Math.min(4, availableParallelism()));
  }

  /** How many files the caller should keep in flight to keep every worker busy. */
  get capacity(): number {
    return Math.max(PER_WORKER, this.size * PER_WORKER);
  }

  private settle(reply: Exclude<WorkerReply, { ready: true }>): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if ('defect' in reply) waiter.reject(new Error(reply.defect));
    else waiter.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  private ask(
    worker: Worker,
    request: Exclude<WorkerRequest, { kind: 'dictionary' }>,
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerReply> {
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request, transfer);
    });
  }

  async run(input: ImportInput): Promise<ProcessOutcome> {
    if (!this.callingThread) await this.firstReady;
    const worker = [...this.load.entries()].sort((a, b) => a[1] - b[1])[0]?.[0];
    if (!worker) {
      // Let the event loop run first: a worker's "ready" waits behind files processed here back to back.
      if (this.size > 0) await new Promise(setImmediate);
      this.local ??= openImportStores(this.store);
      return processInput(input, this.job, this.local, this.localReport);
    }
    this.load.set(worker, this.load.get(worker)! + 1);
    const message = transferable(input);
    try {
      const reply = await this.ask(
        worker,
        { kind: 'file', id: this.nextId++, input: message, job: this.job, store: this.store },
        'bytes' in message ? [message.bytes.buffer as ArrayBuffer] : [],
      );
      if (!('outcome' in reply)) throw new Error('An import worker answered a file with something else');
      return reply.outcome;
    } finally {
      this.load.set(worker, this.load.get(worker)! - 1);
    }
  }

  /** What de-identification did to every file processed so far, on every thread. */
  async report(): Promise<DeidReport> {
    const total = mergeReport(emptyReport(), this.localReport);
    // A worker that never became ready was given no file.
    for (const worker of this.load.keys()) {
      const reply = await this.ask(worker, { kind: 'report', id: this.nextId++ });
      if (!('report' in reply))
        throw new Error('An import worker answered the report request with something else');
      mergeReport(total, reply.report);
    }
    return total;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Bytes move to the worker without copying when they own their whole ArrayBuffer; a view into a shared one (Node's
 * small-buffer pool) is copied first, since transferring would detach memory that others still use.
 */
function transferable(input: ImportInput): ImportInput {
  if (!('bytes' in input)) return input;
  const b = input.bytes;
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer)
    return input;
  return { ...input, bytes: new Uint8Array(b) };
}

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { openImportStores } from '../store/open.ts';
import type { StoreConfig } from '../store/store.ts';
import {
  processInput,
  type ImportInput,
  type ImportJob,
  type ImportStores,
  type ProcessOutcome,
} from './process.ts';
import type { WorkerRequest } from './worker.ts';
import { workerScript, type WorkerScript } from './worker-script.ts';

type Reply = { id: number; outcome: ProcessOutcome } | { id: number; defect: string };

/** Files each worker may have in hand at once: one parsing while the next is being read. */
const PER_WORKER = 2;

/**
 * Parses, de-identifies and stores files on worker threads, so headers are parsed in parallel on every core.
 * With size 0 the work runs on the calling thread (small uploads, where starting workers costs more than it saves).
 */
export class ImportPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (o: ProcessOutcome) => void; reject: (e: Error) => void }
  >();
  private readonly load = new Map<Worker, number>();
  private nextId = 1;
  private local: ImportStores | undefined;

  private constructor(
    readonly size: number,
    private readonly job: ImportJob,
    private readonly store: StoreConfig,
    private readonly script: WorkerScript | undefined,
  ) {
    for (let i = 0; i < size; i++) {
      // A small heap makes workers collect early: each holds only the files it is working on.
      const worker = new Worker(script!.url, {
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
      });
      worker.on('message', (reply: Reply) => this.settle(worker, reply));
      worker.on('error', (error) => this.failAll(error));
      this.workers.push(worker);
      this.load.set(worker, 0);
    }
  }

  static async start(size: number, job: ImportJob, store: StoreConfig): Promise<ImportPool> {
    return new ImportPool(size, job, store, size > 0 ? await workerScript() : undefined);
  }

  static defaultSize(): number {
    return Math.max(1, Math.min(4, availableParallelism()));
  }

  /** How many files the caller should keep in flight to keep every worker busy. */
  get capacity(): number {
    return Math.max(PER_WORKER, this.size * PER_WORKER);
  }

  private settle(worker: Worker, reply: Reply): void {
    this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if ('defect' in reply) waiter.reject(new Error(reply.defect));
    else waiter.resolve(reply.outcome);
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  async run(input: ImportInput): Promise<ProcessOutcome> {
    if (this.size === 0) {
      this.local ??= openImportStores(this.store);
      return processInput(input, this.job, this.local);
    }
    const worker = [...this.load.entries()].sort((a, b) => a[1] - b[1])[0]![0];
    this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
    const id = this.nextId++;
    const request: WorkerRequest = { id, input: transferable(input), job: this.job, store: this.store };
    return new Promise<ProcessOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(
        request,
        'bytes' in request.input ? [request.input.bytes.buffer as ArrayBuffer] : [],
      );
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.script?.dispose();
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
  return { name: input.name, bytes: new Uint8Array(b) };
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints an SQLite database's write-ahead log from a worker thread, for a long-running server. By default
 * SQLite checkpoints inside the commit that takes the log past 1,000 pages: that commit copies the pages back into
 * the database file and syncs it, synchronously, on the event loop. Under 64 autosaving readers this was a commit
 * every ~125 saves taking 7–9 ms instead of 0.05 ms, with every request waiting behind it, and it made commits 40 %
 * dearer on average (88 µs against 50 µs in the reading-draft benchmark). Here a connection of the worker's own
 * runs a passive checkpoint every `intervalMs`: it copies what it can without waiting for or blocking anyone, and
 * the next write starts the log again from its beginning once everything is copied. Durability is unchanged: with
 * `synchronous = NORMAL` the log is synced at each checkpoint, wherever it runs.
 *
 * The caller turns its own automatic checkpoints off only while this runs: should the worker stop, `onStop` is told
 * so that the caller turns them back on, and the log never grows without bound.
 */
export interface WalCheckpointer {
  /** Runs a last checkpoint, then ends the thread. */
  stop(): Promise<void>;
}

/** The worker's code, plain CommonJS (no entry file to bundle): the SQLite driver comes by its resolved path. */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export const CHECKPOINT_INTERVAL_MS = 1000;

export function startWalCheckpointer(
  file: string,
  options: { intervalMs?: number; onStop: (error?: Error) => void },
): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_CODE, {
    eval: true,
    workerData: { driver, file, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS },
    // Not the parent's flags (a parent started with `--import tsx` would load tsx into the thread for nothing).
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  // The server's lifetime is not the checkpointer's to decide.
  worker.unref();
  let failure: Error | undefined;
  worker.on('error', (error) => {
    failure = error;
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      options.onStop(failure);
      resolve();
    });
  });
  return {
    stop() {
      // Held open until the thread has ended, or a process with nothing else to do would exit before it.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}

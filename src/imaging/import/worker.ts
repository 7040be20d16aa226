import { parentPort } from 'node:worker_threads';
import { emptyReport, type DeidReport } from '../deid/report.ts';
import { useDictionary, type DictionaryRows } from '../dicom/dictionary.ts';
import { openImportStores } from '../store/open.ts';
import type { StoreConfig } from '../store/store.ts';
import {
  processInput,
  type ImportInput,
  type ImportJob,
  type ImportStores,
  type ProcessOutcome,
} from './process.ts';

/**
 * The data dictionary (sent first, so that no worker loads dcmjs), a file to process, or the request for the
 * de-identification report of every file this worker processed.
 */
export type WorkerRequest =
  | { kind: 'dictionary'; rows: DictionaryRows }
  | { kind: 'file'; id: number; input: ImportInput; job: ImportJob; store: StoreConfig }
  | { kind: 'report'; id: number };

export type WorkerReply =
  | { id: number; outcome: ProcessOutcome }
  | { id: number; report: DeidReport }
  | { id: number; defect: string }
  | { ready: true };

const stores = new Map<string, ImportStores>();
const report = emptyReport();

const reply = (message: WorkerReply): void => parentPort!.postMessage(message);

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.kind === 'dictionary') {
    useDictionary(request.rows);
    return;
  }
  if (request.kind === 'report') {
    reply({ id: request.id, report });
    return;
  }
  const key = JSON.stringify(request.store);
  let store = stores.get(key);
  if (!store) {
    store = openImportStores(request.store);
    stores.set(key, store);
  }
  processInput(request.input, request.job, store, report).then(
    (outcome) => reply({ id: request.id, outcome }),
    (error: unknown) =>
      reply({
        id: request.id,
        defect: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});

// Loading the modules above is most of a worker's start-up: until this arrives, the pool works on its own thread.
reply({ ready: true });

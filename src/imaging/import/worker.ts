import { parentPort } from 'node:worker_threads';
import { openImportStores } from '../store/open.ts';
import type { StoreConfig } from '../store/store.ts';
import { processInput, type ImportInput, type ImportJob, type ImportStores } from './process.ts';

export interface WorkerRequest {
  id: number;
  input: ImportInput;
  job: ImportJob;
  store: StoreConfig;
}

const stores = new Map<string, ImportStores>();

parentPort?.on('message', (request: WorkerRequest) => {
  const key = JSON.stringify(request.store);
  let store = stores.get(key);
  if (!store) {
    store = openImportStores(request.store);
    stores.set(key, store);
  }
  processInput(request.input, request.job, store).then(
    (outcome) => parentPort!.postMessage({ id: request.id, outcome }),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        defect: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});

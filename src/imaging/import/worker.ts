import { parentPort } from 'node:worker_threads';
import type { FilesystemStore } from '../store/filesystem.ts';
import { openNiftiStore, openStore } from '../store/open.ts';
import type { ImageStore, StoreConfig } from '../store/store.ts';
import { processInput, type ImportInput, type ImportJob } from './process.ts';

export interface WorkerRequest {
  id: number;
  input: ImportInput;
  job: ImportJob;
  store: StoreConfig;
}

const stores = new Map<string, { dicom: ImageStore; nifti: FilesystemStore }>();

parentPort?.on('message', (request: WorkerRequest) => {
  const key = JSON.stringify(request.store);
  let store = stores.get(key);
  if (!store) {
    store = { dicom: openStore(request.store), nifti: openNiftiStore(request.store) };
    stores.set(key, store);
  }
  processInput(request.input, request.job, store.dicom, store.nifti).then(
    (outcome) => parentPort!.postMessage({ id: request.id, outcome }),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        defect: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});

import { FilesystemStore } from './filesystem.ts';
import type { ImageStore, StoreConfig } from './store.ts';
import { OrthancStore } from './orthanc.ts';

export function openStore(config: StoreConfig): ImageStore {
  return config.kind === 'orthanc'
    ? new OrthancStore(config.url, config.dataDir)
    : new FilesystemStore(config.dataDir);
}

/** The Orthanc back-end when ORTHANC_URL is set, else files under the data folder. */
export function storeConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const url = env.ORTHANC_URL?.trim();
  return url ? { kind: 'orthanc', url, dataDir } : { kind: 'filesystem', dataDir };
}

/** NIfTI files always live on the filesystem, beside the DICOM store (Orthanc holds DICOM only). */
export function openNiftiStore(config: StoreConfig): FilesystemStore {
  return new FilesystemStore(config.dataDir, { folder: 'nifti', extension: '.nii.gz' });
}

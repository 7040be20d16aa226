import { FilesystemStore } from './filesystem.ts';
import type { ImageStore, StoreConfig } from './store.ts';
import { OrthancStore } from './orthanc.ts';

/** The folders of the data folder that hold stored files, each written by one FilesystemStore. */
export const STORE_FOLDERS = { dicom: 'dicom', nifti: 'nifti', originals: 'quarantine' } as const;

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
  return new FilesystemStore(config.dataDir, { folder: STORE_FOLDERS.nifti, extension: '.nii.gz' });
}

/** The name reports give the quarantine of originals, beside the DICOM stores' kinds ('filesystem', 'orthanc'). */
export const ORIGINALS_STORE_NAME = 'quarantine';

/**
 * The admin-only quarantine of original files: on the filesystem, apart from the image store, whatever the DICOM
 * store (Orthanc would index the originals' identities and serve them).
 */
export function openOriginalsStore(config: StoreConfig): FilesystemStore {
  return new FilesystemStore(config.dataDir, { folder: STORE_FOLDERS.originals, extension: '.orig' });
}

/** Every store an import writes to. */
export function openImportStores(config: StoreConfig): {
  dicom: ImageStore;
  nifti: FilesystemStore;
  originals: FilesystemStore;
} {
  return { dicom: openStore(config), nifti: openNiftiStore(config), originals: openOriginalsStore(config) };
}

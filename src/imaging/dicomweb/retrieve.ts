import { ManusError } from '../../core/errors.ts';
import type { StoredInstance } from '../../core/imaging/records.ts';
import { decodeFrame, pixelDescription } from '../dicom/pixels.ts';
import { readDicom } from '../dicom/read.ts';
import { T } from '../dicom/tag.ts';
import { openNiftiStore, openStore, storeConfig } from '../store/open.ts';
import type { ImageStore } from '../store/store.ts';
import { toDicomJson, type DicomJson } from './json.ts';

/**
 * Reading stored instances back for WADO-RS. Each instance is read from the store it was written to, so a
 * deployment that moves to Orthanc keeps serving the files it stored before.
 */
export class StoredImages {
  private readonly stores = new Map<string, ImageStore>();

  constructor(private readonly dataDir: string) {}

  store(kind: string): ImageStore {
    let store = this.stores.get(kind);
    if (store) return store;
    if (kind === 'filesystem') store = openStore({ kind: 'filesystem', dataDir: this.dataDir });
    else if (kind === 'orthanc') {
      const config = storeConfig(this.dataDir);
      if (config.kind !== 'orthanc')
        throw new Error('Instances stored in Orthanc, but ORTHANC_URL is not set');
      store = openStore(config);
    } else throw new Error(`Unknown image store ${kind}`);
    this.stores.set(kind, store);
    return store;
  }

  read(instance: StoredInstance): Promise<Buffer> {
    return this.store(instance.store).read(instance.storeKey);
  }

  /** A stored NIfTI file: always on the filesystem, whatever the DICOM store. */
  readNifti(key: string): Promise<Buffer> {
    return openNiftiStore({ kind: 'filesystem', dataDir: this.dataDir }).read(key);
  }

  /** WADO-RS metadata: the stored header as DICOM JSON, pixel data by reference to the instance. */
  async metadata(instance: StoredInstance, instanceUrl: string): Promise<DicomJson> {
    const file = readDicom(await this.read(instance));
    return toDicomJson(file.dataset, file.charset, (e) => (e.tag === T.PixelData ? instanceUrl : undefined));
  }

  /** Frames (1-based) as little-endian stored values, decompressed whatever the stored transfer syntax. */
  async frames(instance: StoredInstance, numbers: readonly number[]): Promise<Uint8Array[]> {
    const file = readDicom(await this.read(instance));
    const { frames } = pixelDescription(file.dataset);
    const out: Uint8Array[] = [];
    for (const n of numbers) {
      if (n < 1 || n > frames) throw new ManusError('not_found', `Frame ${n} of ${frames} does not exist`);
      const values = await decodeFrame(file, n - 1);
      out.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
    return out;
  }
}

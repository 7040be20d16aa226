import { dirname } from 'node:path';
import { ManusError } from '../../core/errors.ts';
import { DEFAULT_DATA_DIR, type Database } from '../../db/connection.ts';
import type { StoredInstance } from '../../db/repositories/imaging.ts';
import { decodeFrame, pixelDescription } from '../dicom/pixels.ts';
import type { DicomFile } from '../dicom/read.ts';
import { T } from '../dicom/tag.ts';
import { getNumber } from '../dicom/values.ts';
import { FilesystemStore } from '../store/filesystem.ts';
import { openNiftiStore } from '../store/open.ts';
import { OrthancStore } from '../store/orthanc.ts';
import type { ImageStore } from '../store/store.ts';
import { parsedStoredFiles } from './frame-cache.ts';
import { toDicomJson, type DicomJson } from './json.ts';

/**
 * Reading stored instances back for WADO-RS. Each instance is read from the store it was written to, so a
 * deployment that moves to Orthanc keeps serving the files it stored before.
 */
export class StoredImages {
  private readonly stores = new Map<string, ImageStore>();

  constructor(private readonly dataDir: string) {}

  /** The data folder: the SQLite database's folder, or MANUS_DATA_DIR (./data) for PostgreSQL. */
  static dataDirOf(db: Database): string {
    return db.engine === 'sqlite' ? dirname(db.location) : (process.env.MANUS_DATA_DIR ?? DEFAULT_DATA_DIR);
  }

  store(kind: string): ImageStore {
    let store = this.stores.get(kind);
    if (store) return store;
    if (kind === 'filesystem') store = new FilesystemStore(this.dataDir);
    else if (kind === 'orthanc') {
      const url = process.env.ORTHANC_URL;
      if (!url) throw new Error('Instances stored in Orthanc, but ORTHANC_URL is not set');
      store = new OrthancStore(url, this.dataDir);
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

  /** The stored file parsed, from the server's cache of parsed files when a request read it recently. */
  private parsed(instance: StoredInstance): Promise<DicomFile> {
    return parsedStoredFiles.get(`${instance.store}:${instance.storeKey}`, () => this.read(instance));
  }

  /**
   * WADO-RS metadata: the stored header as DICOM JSON, pixel data by reference to its frames (PS3.18 8.7.3.3.2):
   * `/frames/1` of a single-frame instance, the list of every frame of a multi-frame one.
   */
  async metadata(instance: StoredInstance, instanceUrl: string): Promise<DicomJson> {
    const file = await this.parsed(instance);
    const frames = Math.max(1, getNumber(file.dataset, T.NumberOfFrames) ?? 1);
    const pixelDataUri = `${instanceUrl}/frames/${Array.from({ length: frames }, (_, i) => i + 1).join(',')}`;
    return toDicomJson(file.dataset, file.charset, (e) => (e.tag === T.PixelData ? pixelDataUri : undefined));
  }

  /** Frames (1-based) as little-endian stored values, decompressed whatever the stored transfer syntax. */
  async frames(instance: StoredInstance, numbers: readonly number[]): Promise<Uint8Array[]> {
    const file = await this.parsed(instance);
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

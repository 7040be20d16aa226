import type { Readable } from 'node:stream';

/** Where de-identified DICOM files live. Keys are the SHA-256 of the file bytes (content addressing). */
export interface ImageStore {
  readonly kind: 'filesystem' | 'orthanc';
  /** Stores a file given as chunks; `created` is false when the same file was already stored. */
  put(chunks: readonly Uint8Array[], uids: InstanceUids): Promise<StoredObject>;
  open(key: string): Promise<Readable>;
  read(key: string): Promise<Buffer>;
  /**
   * Stores new bytes for the instance stored at `key` (same UIDs, rewritten header). A content-addressed store
   * writes them beside the old file, which the caller discards once no record refers to it; a store addressed by
   * UIDs replaces the instance in place and answers the same key.
   */
  rewrite(key: string, chunks: readonly Uint8Array[], uids: InstanceUids): Promise<StoredObject>;
  /** Removes a file that no record refers to (a duplicate instance found only after storing). */
  discard(key: string): Promise<void>;
}

/** The (de-identified) UIDs of the instance being stored, for stores that address by UID. */
export interface InstanceUids {
  study: string;
  series: string;
  sop: string;
}

export interface StoredObject {
  key: string;
  size: number;
  created: boolean;
}

/** A plain description of a store, so worker threads can open the same one. */
export type StoreConfig =
  { kind: 'filesystem'; dataDir: string } | { kind: 'orthanc'; url: string; dataDir: string };

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoredInstance } from '../../db/repositories/imaging.ts';
import { decodeFrame } from '../dicom/pixels.ts';
import { readDicom } from '../dicom/read.ts';
import { FilesystemStore } from '../store/filesystem.ts';
import { describeWithDcmtk, makeDicom } from '../testing/dcmtk.ts';
import { enhancedMrLines, IDENTITY_A, phantom16, sliceValue } from '../testing/phantoms.ts';
import { ParsedFileCache, parsedStoredFiles } from './frame-cache.ts';
import { StoredImages } from './retrieve.ts';

const FRAMES = 200;
const [ROWS, COLUMNS] = [12, 10];

describeWithDcmtk('frames of a 200-frame enhanced file', () => {
  let dir: string;
  let instance: StoredInstance;
  let images: StoredImages;
  let bytes: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-frame-cache-'));
    const sopUid = `${IDENTITY_A.studyUid}.40.1`;
    const path = makeDicom(
      dir,
      'enhanced',
      enhancedMrLines({ identity: IDENTITY_A, sopUid, frames: FRAMES }),
      phantom16(ROWS, COLUMNS, FRAMES),
      'explicit',
      'utf8',
    );
    bytes = readFileSync(path);
    const stored = await new FilesystemStore(dir).put([bytes]);
    images = new StoredImages(dir);
    instance = {
      studyInstanceUid: IDENTITY_A.studyUid,
      seriesInstanceUid: `${IDENTITY_A.seriesUid}.5`,
      sopInstanceUid: sopUid,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4.1',
      instanceNumber: 1,
      rows: ROWS,
      columns: COLUMNS,
      frames: FRAMES,
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      store: 'filesystem',
      storeKey: stored.key,
    };
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and parses a file once, however many requests ask for it at the same time', async () => {
    const cache = new ParsedFileCache(bytes.length);
    let loads = 0;
    const load = async () => {
      loads++;
      return bytes;
    };
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect(a).toBe(b);
    expect(await cache.get('k', load)).toBe(a);
    expect([loads, cache.parses]).toEqual([1, 1]);
  });

  it('drops the least recently used files beyond its byte budget, and forgets failures', async () => {
    const cache = new ParsedFileCache(2 * bytes.length);
    const loaded: string[] = [];
    const load = (key: string) => async () => {
      loaded.push(key);
      return bytes;
    };
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('a', load('a')); // a is now the most recently used
    await cache.get('c', load('c')); // over budget: b goes
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    expect(loaded).toEqual(['a', 'b', 'c', 'b']);

    await expect(cache.get('bad', async () => new Uint8Array(3))).rejects.toThrow();
    await expect(cache.get('bad', async () => bytes)).resolves.toBeDefined();
  });

  it('parses the file once for every frame, one request each, with the same values as a fresh parse', async () => {
    const before = parsedStoredFiles.parses;
    const metadata = await images.metadata(instance, '/instance');
    const frames: Uint8Array[] = [];
    for (let n = 1; n <= FRAMES; n++) frames.push(...(await images.frames(instance, [n])));
    expect(parsedStoredFiles.parses - before).toBe(1);

    const fresh = readDicom(await images.read(instance));
    for (let n = 1; n <= FRAMES; n++) {
      const values = await decodeFrame(fresh, n - 1);
      expect(Buffer.from(frames[n - 1]!)).toEqual(
        Buffer.from(values.buffer, values.byteOffset, values.byteLength),
      );
    }
    const last = frames[FRAMES - 1]!;
    expect(Buffer.from(last).readUInt16LE(2 * (3 + COLUMNS * 4))).toBe(sliceValue(3, 4, FRAMES - 1));
    const uri = metadata['7FE00010']!.BulkDataURI!;
    expect(uri.startsWith('/instance/frames/1,2,3,')).toBe(true);
    expect(uri.endsWith(`,${FRAMES}`)).toBe(true);
  });
});

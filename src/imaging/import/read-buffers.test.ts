import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, ReadBuffers } from './read-buffers.ts';

const dir = mkdtempSync(join(tmpdir(), 'manus-read-buffers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, size: number, fill: number): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(size, fill));
  return path;
}

describe('reusable read buffers', () => {
  it('gives each file exactly its own bytes, a smaller file after a larger one included', async () => {
    const buffers = new ReadBuffers();
    const big = file('big', 700_000, 1);
    const small = file('small', 10, 2);
    const seen: { length: number; first: number; last: number }[] = [];
    for (const path of [big, small, big]) {
      await buffers.withFile(path, async (bytes) => {
        seen.push({ length: bytes.length, first: bytes[0]!, last: bytes[bytes.length - 1]! });
      });
    }
    expect(seen).toEqual([
      { length: 700_000, first: 1, last: 1 },
      { length: 10, first: 2, last: 2 },
      { length: 700_000, first: 1, last: 1 },
    ]);
  });

  it('uses one buffer again once the previous file is done with it, and separate buffers at the same time', async () => {
    const buffers = new ReadBuffers();
    const a = file('a', 1000, 3);
    const b = file('b', 1000, 4);
    let first: ArrayBuffer | undefined;
    await buffers.withFile(a, async (bytes) => {
      first = bytes.buffer as ArrayBuffer;
    });
    await buffers.withFile(b, async (bytes) => {
      expect(bytes.buffer).toBe(first);
      // A second file read while this one is in use must not overwrite it.
      await buffers.withFile(a, async (inner) => {
        expect(inner.buffer).not.toBe(first);
        expect(inner[0]).toBe(3);
      });
      expect(bytes[0]).toBe(4);
    });
  });

  it('returns the buffer when the file cannot be read, and reports the error', async () => {
    const buffers = new ReadBuffers();
    await expect(buffers.withFile(join(dir, 'missing'), async () => 1)).rejects.toMatchObject({
      code: 'ENOENT',
    });
    await expect(buffers.withFile(dir, async () => 1)).rejects.toMatchObject({ code: 'EISDIR' });
    const path = file('after', 5, 9);
    await expect(buffers.withFile(path, async (bytes) => [...bytes])).resolves.toEqual([9, 9, 9, 9, 9]);
  });

  it('refuses a file over the size limit before allocating for it (4.7 GB once crashed the server)', async () => {
    // Sparse: 1 GiB and a byte of apparent size, no disk space.
    const path = join(dir, 'huge.dcm');
    writeFileSync(path, '');
    truncateSync(path, MAX_FILE_BYTES + 1);
    let used = false;
    await expect(
      new ReadBuffers().withFile(path, async () => {
        used = true;
      }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      message: `File of ${MAX_FILE_BYTES + 1} bytes is larger than the ${MAX_FILE_BYTES}-byte limit`,
    });
    expect(used).toBe(false);
  });
});

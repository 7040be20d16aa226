import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { applyAffine, lpsToRas, type Affine } from '../volume.ts';
import { deidentifyNifti } from './deidentify.ts';
import { readNifti } from './read.ts';
import { writeNifti } from './write.ts';

// An oblique LPS affine with anisotropic voxels: rotation of 0.3 rad about z and 0.2 rad about x.
const OBLIQUE: Affine = (() => {
  const [cz, sz, cx, sx] = [Math.cos(0.3), Math.sin(0.3), Math.cos(0.2), Math.sin(0.2)];
  const r = [
    [cz, -sz * cx, sz * sx],
    [sz, cz * cx, -cz * sx],
    [0, sx, cx],
  ];
  const spacing = [0.25, 0.5, 1.5];
  const origin = [-40.25, 12.5, 33];
  return [0, 1, 2]
    .flatMap((i) => [...[0, 1, 2].map((j) => r[i]![j]! * spacing[j]!), origin[i]!])
    .concat([0, 0, 0, 1]);
})();

const dims = [4, 3, 2] as const;
const values = Float32Array.from({ length: 24 }, (_, i) => i * 1.5 - 7);

function expectAffine(actual: Affine, expected: Affine): void {
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
}

describe('NIfTI', () => {
  it('round-trips data and the LPS affine through the sform, gzipped or not', () => {
    for (const gzip of [false, true]) {
      const file = writeNifti({ dims, affine: OBLIQUE, data: values }, { gzip });
      const image = readNifti(file);
      expect(image.version).toBe(1);
      expect(image.geometrySource).toBe('sform');
      expect(image.volume.dims).toEqual([4, 3, 2]);
      expect(Array.from(image.volume.data)).toEqual(Array.from(values));
      expectAffine(image.volume.affine, OBLIQUE);
      expect(image.volume.spacing.map((s) => +s.toFixed(5))).toEqual([0.25, 0.5, 1.5]);
    }
  });

  it('falls back to the qform when sform_code is 0, including a left-handed grid (qfac −1)', () => {
    const flipped = OBLIQUE.map((v, i) => (i % 4 === 2 && i < 12 ? -v : v));
    for (const affine of [OBLIQUE, flipped]) {
      const file = writeNifti({ dims, affine, data: values });
      file.writeInt16LE(0, 254);
      const image = readNifti(file);
      expect(image.geometrySource).toBe('qform');
      expectAffine(image.volume.affine, affine);
    }
  });

  it('uses pixdim scaling when neither transform is set', () => {
    const file = writeNifti({ dims, affine: OBLIQUE, data: values });
    file.writeInt16LE(0, 252);
    file.writeInt16LE(0, 254);
    const image = readNifti(file);
    expect(image.geometrySource).toBe('pixdim');
    expectAffine(lpsToRas(image.volume.affine), [0.25, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 1.5, 0, 0, 0, 0, 1]);
  });

  it('applies scl_slope and scl_inter to integer data, and ignores a zero slope', () => {
    const labels = Int16Array.from({ length: 24 }, (_, i) => i);
    const file = writeNifti({ dims, affine: OBLIQUE, data: labels, intent: 1002 });
    file.writeFloatLE(2, 112);
    file.writeFloatLE(-5, 116);
    expect(Array.from(readNifti(file).volume.data)).toEqual(Array.from(labels, (v) => v * 2 - 5));
    file.writeFloatLE(0, 112);
    expect(Array.from(readNifti(file).volume.data)).toEqual(Array.from(labels));
  });

  it('reads big-endian data, scaled, as well as data in the host byte order', () => {
    const header = Buffer.alloc(352);
    header.writeInt32BE(348, 0);
    [3, ...dims, 1, 1, 1, 1].forEach((v, i) => header.writeInt16BE(v, 40 + 2 * i));
    header.writeInt16BE(4, 70); // int16
    header.writeInt16BE(16, 72);
    [1, 1, 1, 1, 1, 1, 1, 1].forEach((v, i) => header.writeFloatBE(v, 76 + 4 * i));
    header.writeFloatBE(352, 108);
    header.writeFloatBE(0.5, 112);
    header.writeFloatBE(10, 116);
    header.write('n+1\0', 344, 'latin1');
    const stored = Int16Array.from({ length: 24 }, (_, i) => (i % 2 ? -1 : 1) * i * 300);
    const data = Buffer.alloc(48);
    stored.forEach((v, i) => data.writeInt16BE(v, 2 * i));
    const image = readNifti(Buffer.concat([header, data]));
    expect(Array.from(image.volume.data)).toEqual(Array.from(stored, (v) => v * 0.5 + 10));
    expect(image.geometrySource).toBe('pixdim');
  });

  it('reads NIfTI-2 with its 64-bit sform', () => {
    const header = Buffer.alloc(544);
    header.writeInt32LE(540, 0);
    header.write('n+2\0\r\n\x1a\n', 4, 'latin1');
    header.writeInt16LE(16, 12);
    header.writeInt16LE(32, 14);
    [3, ...dims, 1, 1, 1, 1].forEach((v, i) => header.writeBigInt64LE(BigInt(v), 16 + 8 * i));
    [1, 0.25, 0.5, 1.5, 1, 1, 1, 1].forEach((v, i) => header.writeDoubleLE(v, 104 + 8 * i));
    header.writeBigInt64LE(544n, 168);
    header.writeDoubleLE(1, 176);
    header.writeInt32LE(2, 348); // sform_code
    const ras = lpsToRas(OBLIQUE);
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 4; c++) header.writeDoubleLE(ras[4 * r + c]!, 400 + 32 * r + 8 * c);
    const file = Buffer.concat([header, Buffer.from(values.buffer)]);
    const image = readNifti(gzipSync(file));
    expect(image.version).toBe(2);
    expectAffine(image.volume.affine, OBLIQUE);
    expect(applyAffine(image.volume.affine, [3, 2, 1])).toEqual(
      applyAffine(OBLIQUE, [3, 2, 1]).map((v) => expect.closeTo(v, 5)),
    );
    expect(Array.from(image.volume.data)).toEqual(Array.from(values));
  });

  it('refuses what is not NIfTI or is truncated', () => {
    expect(() => readNifti(Buffer.from('not a nifti file at all, just text'.repeat(20)))).toThrow(
      /Not a NIfTI/,
    );
    const file = writeNifti({ dims, affine: OBLIQUE, data: values });
    expect(() => readNifti(file.subarray(0, file.length - 10))).toThrow(/Truncated NIfTI/);
    expect(() => readNifti(gzipSync(file).subarray(0, 100))).toThrow(/gzip|NIfTI/);
  });

  it('refuses a file that inflates past its limit (a gzip bomb) instead of inflating it whole, read or de-identified', () => {
    const file = writeNifti({ dims, affine: OBLIQUE, data: values });
    const limit = file.length - 1;
    const bomb = gzipSync(Buffer.concat([file, Buffer.alloc(8 * 1024 ** 2)]));
    expect(bomb.length).toBeLessThan(20_000);
    for (const input of [bomb, gzipSync(file), file])
      for (const read of [readNifti, deidentifyNifti])
        expect(() => read(input, limit)).toThrow(
          new RegExp(`larger than its limit of ${limit} bytes once decompressed`),
        );
    expect(readNifti(deidentifyNifti(gzipSync(file), file.length), file.length).volume.dims).toEqual([
      4, 3, 2,
    ]);
  });
});

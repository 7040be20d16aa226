import { gzipSync } from 'node:zlib';
import { ManusError } from '../../core/errors.ts';
import { lpsToRas, type Affine } from '../volume.ts';
import { affineToQform } from './quaternion.ts';

/** What Manus writes: label maps (integers) and concentration maps (float). */
export type NiftiData = Float32Array | Int16Array | Uint8Array;

export interface NiftiInput {
  dims: readonly [number, number, number];
  /** Voxel → LPS mm, as in Volume. */
  affine: Affine;
  data: NiftiData;
  description?: string;
  /** NIFTI_INTENT_LABEL (1002) for label maps; 0 otherwise. */
  intent?: 0 | 1002;
}

const HEADER_SIZE = 348;
const VOX_OFFSET = 352;

function datatypeOf(data: NiftiData): { code: number; bits: number } {
  if (data instanceof Float32Array) return { code: 16, bits: 32 };
  if (data instanceof Int16Array) return { code: 4, bits: 16 };
  return { code: 2, bits: 8 };
}

/**
 * A single-file NIfTI-1 (.nii), gzipped when asked. Both transforms are written with code 1 (scanner anatomy): the
 * sform exactly and the nearest qform, so that tools preferring either one agree.
 */
export function writeNifti(input: NiftiInput, options: { gzip?: boolean } = {}): Buffer {
  const [nx, ny, nz] = input.dims;
  if (input.data.length !== nx * ny * nz) {
    throw new ManusError(
      'invalid',
      `NIfTI data has ${input.data.length} voxels for dimensions ${nx}×${ny}×${nz}`,
    );
  }
  const { code, bits } = datatypeOf(input.data);
  const ras = lpsToRas(input.affine);
  const q = affineToQform(ras);
  const header = Buffer.alloc(VOX_OFFSET);
  header.writeInt32LE(HEADER_SIZE, 0);
  header.write('r', 38, 'latin1'); // regular: kept for old ANALYZE readers
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((v, i) => header.writeInt16LE(v, 40 + 2 * i));
  header.writeInt16LE(input.intent ?? 0, 68);
  header.writeInt16LE(code, 70);
  header.writeInt16LE(bits, 72);
  [q.qfac, ...q.pixdim, 1, 1, 1, 1].forEach((v, i) => header.writeFloatLE(v, 76 + 4 * i));
  header.writeFloatLE(VOX_OFFSET, 108);
  header.writeFloatLE(1, 112); // scl_slope
  header.writeFloatLE(0, 116); // scl_inter
  header.writeUInt8(2 | (8 << 3), 123); // xyzt_units: mm and s
  header.write((input.description ?? 'Manus').slice(0, 79), 148, 'latin1');
  header.writeInt16LE(1, 252); // qform_code: NIFTI_XFORM_SCANNER_ANAT
  header.writeInt16LE(1, 254); // sform_code: NIFTI_XFORM_SCANNER_ANAT
  [q.b, q.c, q.d, ...q.offset].forEach((v, i) => header.writeFloatLE(v, 256 + 4 * i));
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) header.writeFloatLE(ras[4 * r + c]!, 280 + 16 * r + 4 * c);
  header.write('n+1\0', 344, 'latin1');
  const data = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength);
  // Typed arrays are little-endian on every platform Node runs on, which is what the header declares.
  const file = Buffer.concat([header, data]);
  return options.gzip ? gzipSync(file) : file;
}

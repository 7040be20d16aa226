import * as nifti from 'nifti-reader-js';
import { ManusError } from '../../core/errors.ts';
import { rasToLps, type Affine, type Volume } from '../volume.ts';
import { inflateNifti, MAX_NIFTI_BYTES } from './inflate.ts';
import { qformToAffine } from './quaternion.ts';

/** Byte offsets of srow_x in the NIfTI-1 and NIfTI-2 headers (nifti1.h, nifti2.h). */
const SROW_OFFSET = { 1: 280, 2: 400 } as const;

export interface NiftiImage {
  version: 1 | 2;
  volume: Volume;
  /** Which transform gave the geometry: 'sform', 'qform', or 'pixdim' when neither code is set. */
  geometrySource: 'sform' | 'qform' | 'pixdim';
  description: string;
}

/** The bytes as an ArrayBuffer of their own, without a copy when they already span one (a file read whole). */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  )
    return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function readSform(header: nifti.NIFTI1 | nifti.NIFTI2, raw: ArrayBuffer, version: 1 | 2): Affine {
  const view = new DataView(raw);
  const width = version === 1 ? 4 : 8;
  const at = (row: number, col: number): number => {
    const offset = SROW_OFFSET[version] + (row * 4 + col) * width;
    return version === 1
      ? view.getFloat32(offset, header.littleEndian)
      : view.getFloat64(offset, header.littleEndian);
  };
  return [
    at(0, 0),
    at(0, 1),
    at(0, 2),
    at(0, 3),
    at(1, 0),
    at(1, 1),
    at(1, 2),
    at(1, 3),
    at(2, 0),
    at(2, 1),
    at(2, 2),
    at(2, 3),
    0,
    0,
    0,
    1,
  ];
}

type TypedArrayOf = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayLike<number>;

/** NIfTI datatype codes (nifti1.h) with their typed array and DataView reader. */
const DATATYPES: Record<
  number,
  { typed: TypedArrayOf; bytes: number; read: (v: DataView, o: number, le: boolean) => number }
> = {
  2: { typed: Uint8Array, bytes: 1, read: (v, o) => v.getUint8(o) },
  256: { typed: Int8Array, bytes: 1, read: (v, o) => v.getInt8(o) },
  4: { typed: Int16Array, bytes: 2, read: (v, o, le) => v.getInt16(o, le) },
  512: { typed: Uint16Array, bytes: 2, read: (v, o, le) => v.getUint16(o, le) },
  8: { typed: Int32Array, bytes: 4, read: (v, o, le) => v.getInt32(o, le) },
  768: { typed: Uint32Array, bytes: 4, read: (v, o, le) => v.getUint32(o, le) },
  16: { typed: Float32Array, bytes: 4, read: (v, o, le) => v.getFloat32(o, le) },
  64: { typed: Float64Array, bytes: 8, read: (v, o, le) => v.getFloat64(o, le) },
};

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The voxel values as stored, starting at `offset` (vox_offset) of the file. Data in the host's byte order is
 * viewed in place as a typed array, without the copies a DataView read per voxel needed; the other byte order goes
 * through a DataView.
 */
function storedValues(
  datatype: number,
  raw: ArrayBuffer,
  offset: number,
  count: number,
  littleEndian: boolean,
): ArrayLike<number> {
  const type = DATATYPES[datatype];
  if (!type) throw new ManusError('invalid', `Unsupported NIfTI datatype ${datatype}`);
  if (littleEndian === HOST_LITTLE_ENDIAN)
    // A typed array needs an aligned offset: vox_offset is a multiple of 16 in valid files, but not all files are.
    return offset % type.bytes === 0
      ? new type.typed(raw, offset, count)
      : new type.typed(raw.slice(offset, offset + count * type.bytes), 0, count);
  const view = new DataView(raw, offset, count * type.bytes);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = type.read(view, i * type.bytes, littleEndian);
  return out;
}

/**
 * Reads a NIfTI-1 or NIfTI-2 file (gzipped or not) into a Volume in LPS.
 *
 * Geometry follows nibabel: the sform when sform_code > 0 (it is what registration and reconstruction tools
 * write), else the qform when qform_code > 0, else the pixdim scaling of "method 1". scl_slope/scl_inter are applied
 * unless the slope is 0 or not finite, which nifti1.h defines as "no scaling".
 */
export function readNifti(input: Uint8Array, maxBytes = MAX_NIFTI_BYTES): NiftiImage {
  const raw = toArrayBuffer(inflateNifti(input, maxBytes));
  if (!nifti.isNIFTI(raw)) throw new ManusError('invalid', 'Not a NIfTI-1 or NIfTI-2 file');
  let header: nifti.NIFTI1 | nifti.NIFTI2;
  try {
    header = nifti.readHeader(raw);
  } catch (error) {
    throw new ManusError(
      'invalid',
      `Unreadable NIfTI: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const version: 1 | 2 = nifti.isNIFTI2(raw) ? 2 : 1;
  const [rank = 0, nx = 1, ny = 1, nz = 1] = header.dims;
  if (rank < 1 || rank > 7 || nx < 1 || ny < 1 || nz < 1)
    throw new ManusError('invalid', `Invalid NIfTI dimensions ${header.dims.join(' ')}`);
  const count = nx * ny * nz;
  const bytes = (header.numBitsPerVoxel / 8) * count;
  const offset = header.vox_offset;
  if (!Number.isInteger(offset) || offset < 0)
    throw new ManusError('invalid', `Invalid NIfTI vox_offset ${offset}`);
  const available = Math.max(0, raw.byteLength - offset);
  if (available < bytes)
    throw new ManusError('invalid', `Truncated NIfTI image: ${available} of ${bytes} bytes`);
  const stored = storedValues(header.datatypeCode, raw, offset, count, header.littleEndian);
  const scaled = Number.isFinite(header.scl_slope) && header.scl_slope !== 0;
  const slope = scaled ? header.scl_slope : 1;
  const inter = scaled && Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const data = new Float32Array(count);
  if (slope === 1 && inter === 0) data.set(stored);
  else for (let i = 0; i < count; i++) data[i] = stored[i]! * slope + inter;

  const pixdim = [1, 2, 3].map((a) => Math.abs(header.pixDims[a] ?? 1) || 1) as [number, number, number];
  let ras: Affine;
  let geometrySource: NiftiImage['geometrySource'];
  if (header.sform_code > 0) {
    ras = readSform(header, raw, version);
    geometrySource = 'sform';
  } else if (header.qform_code > 0) {
    ras = qformToAffine({
      b: header.quatern_b,
      c: header.quatern_c,
      d: header.quatern_d,
      qfac: (header.pixDims[0] ?? 1) < 0 ? -1 : 1,
      pixdim,
      offset: [header.qoffset_x, header.qoffset_y, header.qoffset_z],
    });
    geometrySource = 'qform';
  } else {
    ras = [pixdim[0], 0, 0, 0, 0, pixdim[1], 0, 0, 0, 0, pixdim[2], 0, 0, 0, 0, 1];
    geometrySource = 'pixdim';
  }
  const affine = rasToLps(ras);
  const spacing = [0, 1, 2].map((j) => Math.hypot(affine[j]!, affine[4 + j]!, affine[8 + j]!)) as [
    number,
    number,
    number,
  ];
  return {
    version,
    volume: { dims: [nx, ny, nz], spacing, affine, data },
    geometrySource,
    description: header.description,
  };
}

import * as nifti from 'nifti-reader-js';
import { ManusError } from '../../core/errors.ts';
import { rasToLps, type Affine, type Volume } from '../volume.ts';
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

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
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

function voxelReader(datatype: number, view: DataView, littleEndian: boolean): (i: number) => number {
  switch (datatype) {
    case 2:
      return (i) => view.getUint8(i);
    case 256:
      return (i) => view.getInt8(i);
    case 4:
      return (i) => view.getInt16(2 * i, littleEndian);
    case 512:
      return (i) => view.getUint16(2 * i, littleEndian);
    case 8:
      return (i) => view.getInt32(4 * i, littleEndian);
    case 768:
      return (i) => view.getUint32(4 * i, littleEndian);
    case 16:
      return (i) => view.getFloat32(4 * i, littleEndian);
    case 64:
      return (i) => view.getFloat64(8 * i, littleEndian);
    default:
      throw new ManusError('invalid', `Unsupported NIfTI datatype ${datatype}`);
  }
}

/**
 * Reads a NIfTI-1 or NIfTI-2 file (gzipped or not) into a Volume in LPS.
 *
 * Geometry follows nibabel: the sform when sform_code > 0 (it is what registration and reconstruction tools
 * write), else the qform when qform_code > 0, else the pixdim scaling of "method 1". scl_slope/scl_inter are applied
 * unless the slope is 0 or not finite, which nifti1.h defines as "no scaling".
 */
export function readNifti(input: Uint8Array): NiftiImage {
  let raw = toArrayBuffer(input);
  try {
    if (nifti.isCompressed(raw)) raw = nifti.decompress(raw) as ArrayBuffer;
  } catch (error) {
    throw new ManusError(
      'invalid',
      `Corrupt gzip stream: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!nifti.isNIFTI(raw)) throw new ManusError('invalid', 'Not a NIfTI-1 or NIfTI-2 file');
  let header: nifti.NIFTI1 | nifti.NIFTI2;
  let image: ArrayBuffer;
  try {
    header = nifti.readHeader(raw);
    image = nifti.readImage(header, raw);
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
  if (image.byteLength < bytes)
    throw new ManusError('invalid', `Truncated NIfTI image: ${image.byteLength} of ${bytes} bytes`);
  const read = voxelReader(header.datatypeCode, new DataView(image), header.littleEndian);
  const scaled = Number.isFinite(header.scl_slope) && header.scl_slope !== 0;
  const slope = scaled ? header.scl_slope : 1;
  const inter = scaled && Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = read(i) * slope + inter;

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

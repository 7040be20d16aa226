import { gzipSync } from 'node:zlib';
import { ManusError } from '../../core/errors.ts';
import { inflateNifti, MAX_NIFTI_BYTES } from './inflate.ts';

/**
 * De-identification of a NIfTI file: its free-text header fields (descrip, aux_file, intent_name, and NIfTI-1's
 * db_name and data_type) are zeroed and its extensions dropped, since converters store whole DICOM headers, names
 * included, in extensions. The image data is copied untouched; the result is always gzipped (.nii.gz).
 */
interface Layout {
  headerSize: number;
  textFields: readonly (readonly [number, number])[];
}

const LAYOUT: Record<1 | 2, Layout> = {
  1: {
    headerSize: 348,
    textFields: [
      [4, 10],
      [14, 18],
      [148, 80],
      [228, 24],
      [328, 16],
    ],
  },
  2: {
    headerSize: 540,
    textFields: [
      [240, 80],
      [320, 24],
      [508, 16],
    ],
  },
};

/** NIfTI version from the header size field (either byte order), or undefined when it is not NIfTI. */
export function niftiVersion(raw: Uint8Array): 1 | 2 | undefined {
  if (raw.length < 348) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size = [view.getInt32(0, true), view.getInt32(0, false)];
  if (size.includes(348) && Buffer.from(raw.subarray(344, 347)).toString('latin1') === 'n+1') return 1;
  if (size.includes(540) && Buffer.from(raw.subarray(4, 7)).toString('latin1') === 'n+2') return 2;
  return undefined;
}

export function deidentifyNifti(input: Uint8Array, maxBytes = MAX_NIFTI_BYTES): Buffer {
  const raw = inflateNifti(input, maxBytes);
  const version = niftiVersion(raw);
  if (!version)
    throw new ManusError('invalid', 'Not a single-file NIfTI-1 or NIfTI-2 image (.nii or .nii.gz)');
  const { headerSize, textFields } = LAYOUT[version];
  const littleEndian = raw.readInt32LE(0) === headerSize;
  const voxOffset =
    version === 1
      ? littleEndian
        ? raw.readFloatLE(108)
        : raw.readFloatBE(108)
      : Number(littleEndian ? raw.readBigInt64LE(168) : raw.readBigInt64BE(168));
  if (!Number.isInteger(voxOffset) || voxOffset < headerSize || voxOffset > raw.length) {
    throw new ManusError('invalid', `NIfTI vox_offset ${voxOffset} is outside the file`);
  }
  const newOffset = headerSize + 4;
  const header = Buffer.from(raw.subarray(0, headerSize));
  for (const [offset, length] of textFields) header.fill(0, offset, offset + length);
  if (version === 1) {
    if (littleEndian) header.writeFloatLE(newOffset, 108);
    else header.writeFloatBE(newOffset, 108);
  } else if (littleEndian) header.writeBigInt64LE(BigInt(newOffset), 168);
  else header.writeBigInt64BE(BigInt(newOffset), 168);
  // Four zero bytes: the extension flag says "no extensions".
  const out = Buffer.concat([header, Buffer.alloc(4), raw.subarray(voxOffset)]);
  return gzipSync(out);
}

import { ManusError } from '../../core/errors.ts';

/** The transfer syntaxes Manus reads (PS3.5 Section 10 and Annex A). */
export type PixelEncoding = 'native' | 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls';

export interface TransferSyntax {
  uid: string;
  name: string;
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
  encoding: PixelEncoding;
}

const ts = (
  uid: string,
  name: string,
  encoding: PixelEncoding,
  flags: Partial<Pick<TransferSyntax, 'explicitVr' | 'littleEndian' | 'deflated'>> = {},
): TransferSyntax => ({
  uid,
  name,
  encoding,
  explicitVr: flags.explicitVr ?? true,
  littleEndian: flags.littleEndian ?? true,
  deflated: flags.deflated ?? false,
});

export const IMPLICIT_LITTLE = '1.2.840.10008.1.2';
export const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';

const KNOWN: readonly TransferSyntax[] = [
  ts(IMPLICIT_LITTLE, 'Implicit VR Little Endian', 'native', { explicitVr: false }),
  ts(EXPLICIT_LITTLE, 'Explicit VR Little Endian', 'native'),
  ts('1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native', { littleEndian: false }),
  ts('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native', { deflated: true }),
  ts('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
  ts('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-baseline'),
  ts('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'),
  ts('1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction', 'jpeg-lossless'),
  ts('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
  ts('1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless)', 'jpeg-ls'),
];

const BY_UID = new Map(KNOWN.map((t) => [t.uid, t]));

export function transferSyntax(uid: string): TransferSyntax {
  const found = BY_UID.get(uid);
  if (!found) {
    throw new ManusError('invalid', `Unsupported transfer syntax ${uid}`, [
      {
        path: 'TransferSyntaxUID',
        code: 'invalid_option',
        message: `one of: ${KNOWN.map((t) => t.name).join('; ')}`,
      },
    ]);
  }
  return found;
}

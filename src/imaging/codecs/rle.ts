import { ManusError } from '../../core/errors.ts';

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte
 * plane, most significant plane first. Returns the frame as little-endian interleaved-by-plane bytes.
 */
export function decodeRle(
  frame: Uint8Array,
  rows: number,
  columns: number,
  bytesPerSample: number,
  samples: number,
): Uint8Array {
  const pixels = rows * columns;
  if (frame.length < 64) throw new ManusError('invalid', 'RLE frame shorter than its 64-byte header');
  const header = new DataView(frame.buffer, frame.byteOffset, 64);
  const segments = header.getUint32(0, true);
  if (segments !== bytesPerSample * samples) {
    throw new ManusError(
      'invalid',
      `RLE frame has ${segments} segments, expected ${bytesPerSample * samples}`,
    );
  }
  const out = new Uint8Array(pixels * bytesPerSample * samples);
  for (let s = 0; s < segments; s++) {
    const start = header.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? header.getUint32(8 + 4 * s, true) : frame.length;
    if (start < 64 || end > frame.length || end < start)
      throw new ManusError('invalid', 'RLE segment offsets out of range');
    const sample = Math.floor(s / bytesPerSample);
    // Segment 0 of a sample holds its most significant byte; little-endian output puts that byte last.
    const byteIndex = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = bytesPerSample * samples;
    let o = sample * bytesPerSample + byteIndex;
    let written = 0;
    let i = start;
    while (i < end && written < pixels) {
      const n = (frame[i++]! << 24) >> 24;
      if (n >= 0) {
        for (let k = 0; k <= n && i < end && written < pixels; k++, written++, o += stride)
          out[o] = frame[i++]!;
      } else if (n !== -128) {
        const value = frame[i++] ?? 0;
        for (let k = 0; k < 1 - n && written < pixels; k++, written++, o += stride) out[o] = value;
      }
    }
    if (written < pixels)
      throw new ManusError('invalid', `RLE segment ${s + 1} decodes to ${written} of ${pixels} pixels`);
  }
  return out;
}

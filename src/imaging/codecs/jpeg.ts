import jpeg from 'jpeg-js';
import { Decoder } from 'jpeg-lossless-decoder-js';
import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import { ManusError } from '../../core/errors.ts';

/** JPEG decoders for the compressed transfer syntaxes; each returns little-endian sample bytes. */

const toBytes = (a: Uint8Array | Uint16Array | Int16Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const failure = (what: string, error: unknown): ManusError =>
  new ManusError(
    'invalid',
    `${what} frame cannot be decoded: ${error instanceof Error ? error.message : String(error)}`,
  );

export function decodeJpegLossless(frame: Uint8Array, bytesPerSample: number): Uint8Array {
  try {
    // A copy: the decoder reads the whole ArrayBuffer, and a Buffer view may share a larger one.
    const copy = new Uint8Array(frame);
    return toBytes(new Decoder().decode(copy.buffer, 0, copy.length, bytesPerSample));
  } catch (error) {
    throw failure('JPEG lossless', error);
  }
}

export function decodeJpegBaseline(frame: Uint8Array, samples: number): Uint8Array {
  let rgb: Uint8Array;
  try {
    rgb = jpeg.decode(frame, {
      useTArray: true,
      formatAsRGBA: false,
      colorTransform: false,
      maxMemoryUsageInMB: 256,
    }).data;
  } catch (error) {
    throw failure('JPEG baseline', error);
  }
  if (samples === 3) return rgb;
  // jpeg-js always returns three channels; a greyscale image repeats its one sample in each.
  const grey = new Uint8Array(rgb.length / 3);
  for (let i = 0; i < grey.length; i++) grey[i] = rgb[3 * i]!;
  return grey;
}

let charls: ReturnType<typeof charlsFactory> | undefined;

export async function decodeJpegLs(frame: Uint8Array): Promise<Uint8Array> {
  charls ??= charlsFactory();
  const codec = await charls;
  const decoder = new codec.JpegLSDecoder();
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    // The decoded view lives in WASM memory that delete() frees: copy it out first.
    return decoder.getDecodedBuffer().slice();
  } catch (error) {
    // An aborted WASM instance stays broken: start a fresh one for the next frame.
    charls = undefined;
    throw failure('JPEG-LS', error);
  } finally {
    try {
      decoder.delete();
    } catch {
      charls = undefined;
    }
  }
}

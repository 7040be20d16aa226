import { createRequire } from 'node:module';
import type * as JpegJs from 'jpeg-js';
import type * as JpegLossless from 'jpeg-lossless-decoder-js';
import type charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import { ManusError } from '../../core/errors.ts';

/**
 * JPEG decoders for the compressed transfer syntaxes; each returns little-endian sample bytes. The decoder packages
 * are loaded on first use: most MR exams are uncompressed, and loading all three cost every import worker 30 ms of
 * start-up.
 */
const require = createRequire(import.meta.url);
let jpegJs: typeof JpegJs | undefined;
let lossless: typeof JpegLossless | undefined;

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
    lossless ??= require('jpeg-lossless-decoder-js') as typeof JpegLossless;
    return toBytes(new lossless.Decoder().decode(copy.buffer, 0, copy.length, bytesPerSample));
  } catch (error) {
    throw failure('JPEG lossless', error);
  }
}

export function decodeJpegBaseline(frame: Uint8Array, samples: number): Uint8Array {
  let rgb: Uint8Array;
  try {
    jpegJs ??= require('jpeg-js') as typeof JpegJs;
    rgb = jpegJs.decode(frame, {
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
  charls ??= (require('@cornerstonejs/codec-charls/decodewasmjs') as typeof charlsFactory)();
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

import { crc32, deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder for 8-bit greyscale images (PNG 1.2: IHDR, one IDAT, IEND). Thumbnails need nothing more,
 * and node:zlib already has deflate and CRC-32, so no image library is pulled in for it.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  // The CRC covers the chunk type and data, not the length.
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** `pixels`: width × height bytes, row by row from the top. */
export function encodeGreyPng(width: number, height: number, pixels: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError(`PNG size ${width}×${height} is not a positive integer size`);
  if (pixels.length !== width * height)
    throw new RangeError(`${pixels.length} pixels for a ${width}×${height} PNG`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  // Bytes 10-12 (compression, filter method, interlace) are 0: deflate, adaptive filtering, no interlace.
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    // Each row starts with its filter type; 0 (None) keeps the encoder trivial, deflate does the rest.
    rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

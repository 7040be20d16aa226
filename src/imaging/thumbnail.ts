import { ManusError } from '../core/errors.ts';
import type { StoredInstance } from '../core/imaging/records.ts';
import { frameRescale } from './dicom/geometry.ts';
import { decodeFrame, pixelDescription } from './dicom/pixels.ts';
import { readDicom } from './dicom/read.ts';
import { readNifti } from './nifti/read.ts';
import { encodeGreyPng } from './png.ts';
import type { Volume } from './volume.ts';

/** One 2-D image of real values (rescale applied), row by row from the top of the display. */
export interface GreyImage {
  width: number;
  height: number;
  values: Float32Array;
}

/** Longest side of a thumbnail in pixels: sharp at twice the size the exam page shows it. */
export const THUMBNAIL_SIZE = 128;

/** The values at two quantiles (nearest rank), ignoring NaN. */
export function percentiles(values: Float32Array, low: number, high: number): [number, number] {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return [0, 0];
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return [at(low), at(high)];
}

/**
 * Windows an image to its 1st–99th percentile (so a few hot or dead voxels do not flatten the contrast, as they
 * would with min–max), shrinks it by averaging boxes of pixels to fit THUMBNAIL_SIZE (never enlarging it), and
 * encodes it as an 8-bit greyscale PNG.
 */
export function thumbnailPng(image: GreyImage, maxSide = THUMBNAIL_SIZE): Buffer {
  const [lo, hi] = percentiles(image.values, 0.01, 0.99);
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * image.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / width));
      let sum = 0;
      let n = 0;
      for (let yy = y0; yy < y1; yy++)
        for (let xx = x0; xx < x1; xx++) {
          const v = image.values[yy * image.width + xx]!;
          if (!Number.isNaN(v)) {
            sum += v;
            n += 1;
          }
        }
      const v = n === 0 ? lo : sum / n;
      // A flat image (hi = lo) is shown black rather than divided by zero.
      out[y * width + x] = hi > lo ? Math.round((255 * (Math.min(hi, Math.max(lo, v)) - lo)) / (hi - lo)) : 0;
    }
  }
  return encodeGreyPng(width, height, out);
}

/**
 * The middle frame of a DICOM series. Instances come ordered by InstanceNumber, which is the slice order of the
 * scanners Manus receives; ordering by position would mean reading every file of the series for one picture.
 */
export async function middleFrame(
  instances: readonly StoredInstance[],
  read: (instance: StoredInstance) => Promise<Uint8Array>,
): Promise<GreyImage> {
  const withPixels = instances.filter((i) => i.frames > 0);
  let target = Math.floor(withPixels.reduce((n, i) => n + i.frames, 0) / 2);
  for (const instance of withPixels) {
    if (target >= instance.frames) {
      target -= instance.frames;
      continue;
    }
    const file = readDicom(await read(instance));
    const d = pixelDescription(file.dataset);
    if (d.samples !== 1) throw new ManusError('invalid', `No thumbnail for colour images (${d.photometric})`);
    const stored = await decodeFrame(file, target);
    const { rescaleSlope, rescaleIntercept } = frameRescale(file.dataset, target);
    // MONOCHROME1 shows the lowest value white: negating it lets one windowing rule serve both.
    const sign = d.photometric === 'MONOCHROME1' ? -1 : 1;
    const values = new Float32Array(d.rows * d.columns);
    for (let i = 0; i < values.length; i++) values[i] = sign * (stored[i]! * rescaleSlope + rescaleIntercept);
    return { width: d.columns, height: d.rows, values };
  }
  throw new ManusError('invalid', 'The series has no image to show');
}

/**
 * The middle slice of a volume. NIfTI viewers draw j upwards (towards anterior or superior in RAS), so the rows
 * are flipped to match what readers see in their own tools.
 */
export function middleSlice(volume: Volume): GreyImage {
  const [width, height, depth] = volume.dims;
  const k = Math.floor(depth / 2);
  const values = new Float32Array(width * height);
  for (let j = 0; j < height; j++) {
    const from = (k * height + j) * width;
    values.set(volume.data.subarray(from, from + width), (height - 1 - j) * width);
  }
  return { width, height, values };
}

/** The thumbnail of a stored NIfTI series (one file). */
export function niftiThumbnail(bytes: Uint8Array): Buffer {
  return thumbnailPng(middleSlice(readNifti(bytes).volume));
}

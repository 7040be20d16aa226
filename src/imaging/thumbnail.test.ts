import { describe, expect, it } from 'vitest';
import { decodeGreyPng } from './testing/png.ts';
import { middleSlice, percentiles, thumbnailPng } from './thumbnail.ts';

describe('thumbnails', () => {
  it('window to the 1st–99th percentile, so one hot voxel does not flatten the image', () => {
    const width = 10;
    const height = 10;
    const values = Float32Array.from({ length: 100 }, (_, i) => i);
    values[55] = 1e6;
    expect(percentiles(values, 0.01, 0.99)).toEqual([0, 99]);
    const png = decodeGreyPng(thumbnailPng({ width, height, values }));
    expect(png).toMatchObject({ width: 10, height: 10 });
    expect(png.pixels[0]).toBe(0);
    expect(png.pixels[49]).toBe(Math.round((255 * 49) / 99));
    expect(png.pixels[55]).toBe(255);
    expect(png.pixels[99]).toBe(255);
  });

  it('shrink large images by averaging, keep the aspect ratio, and never enlarge small ones', () => {
    const values = Float32Array.from({ length: 512 * 256 }, (_, i) => (i % 512 < 256 ? 0 : 1000));
    const png = decodeGreyPng(thumbnailPng({ width: 512, height: 256, values }));
    expect(png).toMatchObject({ width: 128, height: 64 });
    expect(png.pixels[0]).toBe(0);
    expect(png.pixels[127]).toBe(255);
    const small = decodeGreyPng(thumbnailPng({ width: 3, height: 2, values: new Float32Array(6) }));
    expect(small).toMatchObject({ width: 3, height: 2 });
    expect([...small.pixels]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('take the middle slice of a volume with NIfTI rows drawn upwards', () => {
    const data = Float32Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    const slice = middleSlice({ dims: [2, 2, 3], spacing: [1, 1, 1], affine: [], data });
    expect(slice).toMatchObject({ width: 2, height: 2 });
    expect([...slice.values]).toEqual([6, 7, 4, 5]);
  });
});

import { ManusError } from '../core/errors.ts';
import { decodeFrame, pixelDescription } from './dicom/pixels.ts';
import { frameGeometries, type FrameGeometry } from './dicom/geometry.ts';
import type { DicomFile } from './dicom/read.ts';

/**
 * A 3-D image: Float32 values with the rescale applied, stored x fastest (index = i + nx·(j + ny·k)).
 *
 * Coordinate convention: `affine` maps a voxel index (i, j, k, 1) to millimetres in the DICOM patient system,
 * LPS (+x towards the patient's Left, +y Posterior, +z Superior; PS3.3 C.7.6.2.1.1). NIfTI and most analysis
 * tools use RAS (+x Right, +y Anterior, +z Superior), so x and y change sign between the two: use
 * `lpsToRas`/`rasToLps`, which negate the first two rows. i runs along a DICOM row (increasing column number),
 * j down the columns (increasing row number) and k through slices in the direction of increasing position along
 * the slice normal (row direction × column direction).
 */
export interface Volume {
  dims: [number, number, number];
  /** Voxel size in mm along i, j, k. */
  spacing: [number, number, number];
  /** 4×4 row-major, voxel index → LPS mm. */
  affine: Affine;
  data: Float32Array;
}

export type Affine = readonly number[];

export const IDENTITY: Affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** LPS and RAS differ by the sign of x and y: negate the first two rows. */
export function lpsToRas(affine: Affine): Affine {
  return affine.map((v, i) => (i < 8 ? -v : v));
}
export const rasToLps = lpsToRas;

export function applyAffine(
  affine: Affine,
  ijk: readonly [number, number, number],
): [number, number, number] {
  const [i, j, k] = ijk;
  const row = (r: number) =>
    affine[4 * r]! * i + affine[4 * r + 1]! * j + affine[4 * r + 2]! * k + affine[4 * r + 3]!;
  return [row(0), row(1), row(2)];
}

const dot = (a: readonly number[], b: readonly number[]): number =>
  a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const cross = (a: readonly number[], b: readonly number[]): [number, number, number] => [
  a[1]! * b[2]! - a[2]! * b[1]!,
  a[2]! * b[0]! - a[0]! * b[2]!,
  a[0]! * b[1]! - a[1]! * b[0]!,
];

interface Slice {
  file: DicomFile;
  frame: number;
  geometry: FrameGeometry;
  distance: number;
}

/** Relative tolerance on slice gaps: scanners print positions with limited decimals. */
const GAP_TOLERANCE = 1e-3;

/**
 * Builds a volume from the frames of one series (classic files, one enhanced multi-frame file, or both). Slices
 * are ordered along the normal by ImagePositionPatient, never by InstanceNumber, because file order and numbering
 * are not reliable; unequal gaps or mixed orientations are refused rather than silently resampled.
 */
export async function volumeFromDicom(files: readonly DicomFile[]): Promise<Volume> {
  if (files.length === 0) throw new ManusError('invalid', 'No DICOM files to build a volume from');
  const slices: Slice[] = [];
  for (const file of files) {
    frameGeometries(file.dataset).forEach((geometry, frame) =>
      slices.push({ file, frame, geometry, distance: 0 }),
    );
  }
  const reference = slices[0]!.geometry.orientation;
  const rowDir = reference.slice(0, 3);
  const colDir = reference.slice(3, 6);
  const normal = cross(rowDir, colDir);
  for (const s of slices) {
    if (s.geometry.orientation.some((v, i) => Math.abs(v - reference[i]!) > 1e-4)) {
      throw new ManusError('invalid', 'The series mixes image orientations: it is not one volume');
    }
    s.distance = dot(s.geometry.position, normal);
  }
  slices.sort((a, b) => a.distance - b.distance);
  const first = slices[0]!;
  const last = slices[slices.length - 1]!;
  const n = slices.length;
  const [rowSpacing, colSpacing] = first.geometry.pixelSpacing;
  let step: [number, number, number];
  if (n === 1) {
    const thickness = first.geometry.sliceThickness ?? 1;
    step = [normal[0] * thickness, normal[1] * thickness, normal[2] * thickness];
  } else {
    const gap = (last.distance - first.distance) / (n - 1);
    if (gap <= 0)
      throw new ManusError('invalid', 'Two frames share the same position: the series is not one volume');
    for (let k = 1; k < n; k++) {
      const g = slices[k]!.distance - slices[k - 1]!.distance;
      if (Math.abs(g - gap) > Math.max(GAP_TOLERANCE * gap, 1e-3)) {
        throw new ManusError(
          'invalid',
          `Uneven slice spacing (${g.toFixed(4)} mm after ${gap.toFixed(4)} mm)`,
        );
      }
    }
    const p0 = first.geometry.position;
    const p1 = last.geometry.position;
    step = [(p1[0] - p0[0]) / (n - 1), (p1[1] - p0[1]) / (n - 1), (p1[2] - p0[2]) / (n - 1)];
  }
  const p = first.geometry.position;
  const affine: Affine = [
    rowDir[0]! * colSpacing,
    colDir[0]! * rowSpacing,
    step[0],
    p[0],
    rowDir[1]! * colSpacing,
    colDir[1]! * rowSpacing,
    step[1],
    p[1],
    rowDir[2]! * colSpacing,
    colDir[2]! * rowSpacing,
    step[2],
    p[2],
    0,
    0,
    0,
    1,
  ];
  const { rows, columns } = pixelDescription(first.file.dataset);
  const data = new Float32Array(rows * columns * n);
  for (let k = 0; k < n; k++) {
    const s = slices[k]!;
    const size = pixelDescription(s.file.dataset);
    if (size.rows !== rows || size.columns !== columns || size.samples !== 1) {
      throw new ManusError(
        'invalid',
        'The series mixes image sizes or is not greyscale: it is not one volume',
      );
    }
    const values = await decodeFrame(s.file, s.frame);
    const { rescaleSlope: slope, rescaleIntercept: intercept } = s.geometry;
    const offset = k * rows * columns;
    for (let i = 0; i < rows * columns; i++) data[offset + i] = values[i]! * slope + intercept;
  }
  return { dims: [columns, rows, n], spacing: [colSpacing, rowSpacing, Math.hypot(...step)], affine, data };
}

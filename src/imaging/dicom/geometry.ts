import { ManusError } from '../../core/errors.ts';
import type { Dataset } from './dataset.ts';
import { pixelDescription } from './pixels.ts';
import { T } from './tag.ts';
import { firstItem, getItems, getNumbers } from './values.ts';

/** Where one frame sits in the patient (LPS) coordinate system and how its stored values rescale. */
export interface FrameGeometry {
  /** ImagePositionPatient: the centre of the first transmitted pixel, in mm. */
  position: [number, number, number];
  /** ImageOrientationPatient: row direction (along increasing column index), then column direction. */
  orientation: [number, number, number, number, number, number];
  /** PixelSpacing: [between rows, between columns] in mm. */
  pixelSpacing: [number, number];
  sliceThickness: number | undefined;
  rescaleSlope: number;
  rescaleIntercept: number;
}

/** The first value found, looking in the per-frame groups, then the shared groups, then the top level. */
function lookup(
  sources: readonly (Dataset | undefined)[],
  sequence: number,
  attribute: number,
  top: Dataset,
): number[] {
  for (const group of sources) {
    const item = group ? firstItem(group, sequence) : undefined;
    const values = item ? getNumbers(item, attribute) : [];
    if (values.length) return values;
  }
  return getNumbers(top, attribute);
}

/**
 * One geometry per frame. Classic images carry it at the top level; enhanced multi-frame images carry it in the
 * Shared (5200,9229) and Per-Frame (5200,9230) Functional Groups, per-frame values taking precedence.
 */
export function frameGeometries(ds: Dataset): FrameGeometry[] {
  const { frames } = pixelDescription(ds);
  const shared = firstItem(ds, T.SharedFunctionalGroupsSequence);
  const perFrame = getItems(ds, T.PerFrameFunctionalGroupsSequence);
  if (perFrame.length && perFrame.length !== frames) {
    throw new ManusError('invalid', `${perFrame.length} per-frame functional groups for ${frames} frames`);
  }
  return Array.from({ length: frames }, (_, i) => {
    const sources = [perFrame[i], shared];
    const position = lookup(sources, T.PlanePositionSequence, T.ImagePositionPatient, ds);
    const orientation = lookup(sources, T.PlaneOrientationSequence, T.ImageOrientationPatient, ds);
    const spacing = lookup(sources, T.PixelMeasuresSequence, T.PixelSpacing, ds);
    const thickness = lookup(sources, T.PixelMeasuresSequence, T.SliceThickness, ds);
    if (position.length !== 3 || orientation.length !== 6) {
      throw new ManusError('invalid', `Frame ${i + 1} has no ImagePositionPatient/ImageOrientationPatient`);
    }
    return {
      position: position as FrameGeometry['position'],
      orientation: orientation as FrameGeometry['orientation'],
      pixelSpacing: spacing.length === 2 ? (spacing as [number, number]) : [1, 1],
      sliceThickness: thickness[0],
      ...frameRescale(ds, i),
    };
  });
}

/**
 * The rescale of one frame (per-frame, shared, then top-level values), on its own because images without a
 * position in the patient (secondary captures) still have values to display.
 */
export function frameRescale(ds: Dataset, frame: number): { rescaleSlope: number; rescaleIntercept: number } {
  const sources = [
    getItems(ds, T.PerFrameFunctionalGroupsSequence)[frame],
    firstItem(ds, T.SharedFunctionalGroupsSequence),
  ];
  const slope = lookup(sources, T.PixelValueTransformationSequence, T.RescaleSlope, ds);
  const intercept = lookup(sources, T.PixelValueTransformationSequence, T.RescaleIntercept, ds);
  return { rescaleSlope: slope[0] ?? 1, rescaleIntercept: intercept[0] ?? 0 };
}

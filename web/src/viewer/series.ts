import { metaData, type Types } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { seriesMetadata, type DicomJson } from './preload.ts';
import { seriesUrl, type ViewerSeries } from './series-list.ts';

/** Which stored frame an image id shows: what a measurement is saved against (never the URL). */
export interface FrameRef {
  seriesUid: string;
  sopInstanceUid: string;
  /** 1-based frame number within the instance. */
  frame: number;
}

/** A series ready for a stack viewport: image ids in slice order along the normal, and its geometry. */
export interface LoadedSeries {
  series: ViewerSeries;
  imageIds: string[];
  frameOfReferenceUid: string | null;
  /** Row then column direction cosines of the first image. */
  orientation: number[] | null;
}

const first = (m: DicomJson, tag: string): unknown => m[tag]?.Value?.[0];

const cross = (a: readonly number[], b: readonly number[]): number[] => [
  a[1]! * b[2]! - a[2]! * b[1]!,
  a[2]! * b[0]! - a[0]! * b[2]!,
  a[0]! * b[1]! - a[1]! * b[0]!,
];
const dot = (a: readonly number[], b: readonly number[]): number =>
  a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

/**
 * Orders images by ImagePositionPatient projected on the slice normal (row × column cosines of the first image),
 * which is the anatomical order whatever InstanceNumber says; images without a position keep their place after
 * those that have one.
 */
export function sortAlongNormal<T>(
  items: readonly T[],
  plane: (item: T) => {
    position?: readonly number[] | undefined;
    orientation?: readonly number[] | undefined;
  },
): T[] {
  const orientation = items.map((i) => plane(i).orientation).find((o) => o && o.length === 6);
  if (!orientation) return [...items];
  const normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
  const keyed = items.map((item, index) => {
    const position = plane(item).position;
    return { item, index, key: position && position.length === 3 ? dot(position, normal) : Infinity };
  });
  keyed.sort((a, b) => a.key - b.key || a.index - b.index);
  return keyed.map((k) => k.item);
}

/** Same orientation within a thousandth of a direction cosine: enough for slices of one acquisition plane. */
export function sameOrientation(a: readonly number[] | null, b: readonly number[] | null): boolean {
  return !!a && !!b && a.length === 6 && b.length === 6 && a.every((v, i) => Math.abs(v - b[i]!) < 1e-3);
}

/**
 * Takes a series' metadata (fetched ahead by the page, or now), registers one image id per frame with the image
 * loader, and returns them in slice order. `frames` records what each image id shows.
 */
export async function loadSeries(
  dicomwebBase: string,
  series: ViewerSeries,
  frames: Map<string, FrameRef>,
  signal: AbortSignal,
): Promise<LoadedSeries> {
  const url = seriesUrl(dicomwebBase, series);
  const instances = await seriesMetadata(`${url}/metadata`, signal);
  const imageIds: string[] = [];
  for (const instance of instances) {
    const sop = String(first(instance, '00080018'));
    const count = Math.max(1, Number(first(instance, '00280008') ?? 1));
    const base = `wadors:${url}/instances/${sop}/frames/`;
    // The loader finds a multi-frame instance's metadata under frame 1 and derives each frame's from it.
    wadors.metaDataManager.add(`${base}1`, instance as never);
    for (let frame = 1; frame <= count; frame++) {
      imageIds.push(`${base}${frame}`);
      frames.set(`${base}${frame}`, { seriesUid: series.seriesUid, sopInstanceUid: sop, frame });
    }
  }
  const plane = (id: string) => metaData.get('imagePlaneModule', id) as Types.ImagePlaneModule | undefined;
  const sorted = sortAlongNormal(imageIds, (id) => ({
    position: plane(id)?.imagePositionPatient,
    orientation: plane(id)?.imageOrientationPatient as number[] | undefined,
  }));
  const firstPlane = sorted[0] ? plane(sorted[0]) : undefined;
  return {
    series,
    imageIds: sorted,
    frameOfReferenceUid: firstPlane?.frameOfReferenceUID ?? null,
    orientation: firstPlane?.imageOrientationPatient ? Array.from(firstPlane.imageOrientationPatient) : null,
  };
}

import { metaData, type Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { FrameRef } from './series.ts';

export const MEASUREMENT_TOOLS = ['Length', 'EllipticalROI', 'Probe'] as const;
export type MeasurementTool = (typeof MEASUREMENT_TOOLS)[number];

/**
 * A measurement as Manus keeps it: the stored frame it was drawn on (never an image URL) and its points in patient
 * coordinates (mm), so it can be restored whichever server path serves the images. Stats are the tool's own, as
 * computed when it was last drawn (length in mm; area in mm², mean, stdDev, min, max; probe value).
 */
export interface Measurement {
  /** Cornerstone's annotation UID: stable while the measurement is edited and across restores. */
  uid: string;
  tool: MeasurementTool;
  seriesUid: string;
  sopInstanceUid: string;
  frame: number;
  points: [number, number, number][];
  stats: Record<string, number | string>;
}

export const isMeasurementTool = (name: string): name is MeasurementTool =>
  (MEASUREMENT_TOOLS as readonly string[]).includes(name);

/** The numbers and units of a tool's cached stats for one image (arrays and per-point details left out). */
function plainStats(stats: ToolTypes.CachedStats | undefined): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(stats ?? {}))
    if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== ''))
      out[key] = value;
  return out;
}

/** The measurement an annotation is, when it is a measurement tool's on an image this viewer knows. */
export function toMeasurement(
  annotation: ToolTypes.Annotation,
  frames: ReadonlyMap<string, FrameRef>,
): Measurement | undefined {
  const { toolName, referencedImageId } = annotation.metadata ?? {};
  const frame = referencedImageId ? frames.get(referencedImageId) : undefined;
  const points = annotation.data.handles?.points;
  if (!toolName || !isMeasurementTool(toolName) || !frame || !annotation.annotationUID || !points)
    return undefined;
  const cached = annotation.data.cachedStats as Record<string, ToolTypes.CachedStats> | undefined;
  return {
    uid: annotation.annotationUID,
    tool: toolName,
    ...frame,
    points: points.map((p) => [p[0], p[1], p[2]]),
    stats: plainStats(cached?.[`imageId:${referencedImageId}`]),
  };
}

/**
 * The annotation that shows a saved measurement on `imageId`. Its stats are left for the tool to compute when it
 * renders (the tool must be at least passive in the viewport's tool group).
 */
export function toAnnotation(m: Measurement, imageId: string): ToolTypes.Annotation {
  const plane = metaData.get('imagePlaneModule', imageId) as Types.ImagePlaneModule | undefined;
  const row = plane?.rowCosines ?? [1, 0, 0];
  const column = plane?.columnCosines ?? [0, 1, 0];
  const normal: Types.Point3 = [
    row[1] * column[2] - row[2] * column[1],
    row[2] * column[0] - row[0] * column[2],
    row[0] * column[1] - row[1] * column[0],
  ];
  const textBox = {
    hasMoved: false,
    worldPosition: [0, 0, 0] as Types.Point3,
    worldBoundingBox: {
      topLeft: [0, 0, 0] as Types.Point3,
      topRight: [0, 0, 0] as Types.Point3,
      bottomLeft: [0, 0, 0] as Types.Point3,
      bottomRight: [0, 0, 0] as Types.Point3,
    },
  };
  return {
    annotationUID: m.uid,
    highlighted: false,
    invalidated: true,
    isLocked: false,
    isVisible: true,
    metadata: {
      toolName: m.tool,
      FrameOfReferenceUID: plane?.frameOfReferenceUID ?? '',
      referencedImageId: imageId,
      viewPlaneNormal: normal,
      viewUp: [-column[0], -column[1], -column[2]],
    },
    data: {
      label: '',
      handles: {
        points: m.points.map((p) => [...p] as Types.Point3),
        activeHandleIndex: null,
        ...(m.tool === 'Probe' ? {} : { textBox }),
      },
      cachedStats: {},
    },
  };
}

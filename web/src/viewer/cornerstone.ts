import { init as initCore } from '@cornerstonejs/core';
import { init as initImageLoader } from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  EllipticalROITool,
  init as initTools,
  LengthTool,
  PanTool,
  ProbeTool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';

/** The tools every viewer's tool group uses, registered with Cornerstone once. */
export const VIEWER_TOOLS = [
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  LengthTool,
  EllipticalROITool,
  ProbeTool,
] as const;

let initialised = false;

/**
 * Initialises Cornerstone once per page. Module-level, so React's StrictMode double mount (and every viewer after
 * the first) reuses it: the libraries' own init is idempotent but tool registration is not.
 */
export function initCornerstone(): void {
  if (initialised) return;
  initCore();
  // Frames come uncompressed from Manus: one decode worker is plenty, and leaves the CPU to the page.
  initImageLoader({ maxWebWorkers: 1 });
  initTools();
  for (const tool of VIEWER_TOOLS) addTool(tool);
  initialised = true;
}

import {
  getConfiguration,
  getRenderingCapabilities,
  init as initCore,
  setUseCPURendering,
} from '@cornerstonejs/core';
import { init as initImageLoader } from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  EllipticalROITool,
  init as initTools,
  LengthTool,
  PanTool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { StackProbeTool } from './probe.ts';

/** The tools every viewer's tool group uses, registered with Cornerstone once. */
export const VIEWER_TOOLS = [
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  LengthTool,
  EllipticalROITool,
  StackProbeTool,
] as const;

/** A viewer has two viewports at most (1H, and 23Na beside it). */
const VIEWPORTS = 2;

let initialised = false;

/**
 * Initialises Cornerstone once per page. Module-level, so React's StrictMode double mount (and every viewer after
 * the first) reuses it: the libraries' own init is idempotent but tool registration is not.
 */
export function initCornerstone(): void {
  if (initialised) return;
  const defaults = getConfiguration();
  // Cornerstone's default pool of 7 WebGL contexts is set up before the first image: one per viewport is enough.
  initCore({ ...defaults, rendering: { ...defaults.rendering, webGlContextCount: VIEWPORTS } });
  // Without a GPU (a virtual desktop, a headless browser), WebGL is emulated on the CPU (SwiftShader, llvmpipe):
  // Cornerstone's own CPU path draws a stack of MR slices faster than that, and sets up no WebGL context at all.
  if (getRenderingCapabilities().softwareRasterizer) setUseCPURendering(true);
  // Frames come uncompressed from Manus: one decode worker is plenty, and leaves the CPU to the page.
  initImageLoader({ maxWebWorkers: 1 });
  initTools();
  for (const tool of VIEWER_TOOLS) addTool(tool);
  initialised = true;
}

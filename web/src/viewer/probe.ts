import type { Types } from '@cornerstonejs/core';
import { ProbeTool } from '@cornerstonejs/tools';

/**
 * The Probe tool, reading the image it is on. Cornerstone 5.6.12's ProbeTool looks a stack image's value up at
 * k = the image's position in the stack, in the voxels of that one image (which has k = 0 only): on every image but
 * the first it found no value. Here the lookup is made at k = 0; everything else is the library's tool, under its
 * own name (saved measurements keep saying "Probe").
 */
export class StackProbeTool extends ProbeTool {
  static override toolName = ProbeTool.toolName;

  protected override getTargetImageData(targetId: string): Types.IImageData | Types.CPUIImageData {
    const data = super.getTargetImageData(targetId);
    const voxels = data?.voxelManager;
    if (!voxels || !targetId.startsWith('imageId:')) return data;
    // Everything else is asked of the image's own voxel manager.
    const oneImage = Object.create(voxels, {
      getAtIJKPoint: { value: ([i, j]: Types.Point3) => voxels.getAtIJK(i, j, 0) },
    }) as typeof voxels;
    return { ...data, voxelManager: oneImage };
  }
}

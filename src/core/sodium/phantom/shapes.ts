/** Solid shapes in voxel coordinates, and painting them into a region volume. */

export type Point = readonly [number, number, number];

export type Shape =
  /** Axis-aligned ellipsoid: joints, the palm. */
  | { kind: 'ellipsoid'; centre: Point; radii: Point }
  /** A segment with a radius (a cylinder with round ends): fingers, bones, the forearm. */
  | { kind: 'capsule'; from: Point; to: Point; radius: number }
  /** A flat-ended cylinder along y: reference tubes lying beside the hands. */
  | { kind: 'tube'; centreX: number; centreZ: number; radius: number; fromY: number; toY: number };

export function contains(shape: Shape, x: number, y: number, z: number): boolean {
  switch (shape.kind) {
    case 'ellipsoid': {
      const [cx, cy, cz] = shape.centre;
      const [rx, ry, rz] = shape.radii;
      return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 + ((z - cz) / rz) ** 2 <= 1;
    }
    case 'capsule': {
      const [ax, ay, az] = shape.from;
      const [dx, dy, dz] = [shape.to[0] - ax, shape.to[1] - ay, shape.to[2] - az];
      const length2 = dx * dx + dy * dy + dz * dz;
      const t =
        length2 === 0
          ? 0
          : Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy + (z - az) * dz) / length2));
      return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 + (z - az - t * dz) ** 2 <= shape.radius ** 2;
    }
    case 'tube':
      return (
        y >= shape.fromY &&
        y <= shape.toY &&
        (x - shape.centreX) ** 2 + (z - shape.centreZ) ** 2 <= shape.radius ** 2
      );
  }
}

const point = (f: (axis: number) => number): Point => [f(0), f(1), f(2)];

/** Inclusive voxel bounds that contain the shape. */
export function bounds(shape: Shape): { min: Point; max: Point } {
  switch (shape.kind) {
    case 'ellipsoid':
      return {
        min: point((a) => shape.centre[a]! - shape.radii[a]!),
        max: point((a) => shape.centre[a]! + shape.radii[a]!),
      };
    case 'capsule':
      return {
        min: point((a) => Math.min(shape.from[a]!, shape.to[a]!) - shape.radius),
        max: point((a) => Math.max(shape.from[a]!, shape.to[a]!) + shape.radius),
      };
    case 'tube':
      return {
        min: [shape.centreX - shape.radius, shape.fromY, shape.centreZ - shape.radius],
        max: [shape.centreX + shape.radius, shape.toY, shape.centreZ + shape.radius],
      };
  }
}

/**
 * Sets `volume[i] = value` at every voxel centre inside the shape, visiting only its bounding box. Shapes painted
 * later win, so a layout is drawn from the outside in (tissue, then bone, then joints).
 */
export function paint(
  volume: Uint8Array | Int16Array,
  dims: readonly [number, number, number],
  shape: Shape,
  value: number,
): void {
  const [nx, ny, nz] = dims;
  const { min, max } = bounds(shape);
  const lo = min.map((v) => Math.max(0, Math.ceil(v)));
  const hi = [nx, ny, nz].map((n, a) => Math.min(n - 1, Math.floor(max[a]!)));
  for (let z = lo[2]!; z <= hi[2]!; z++)
    for (let y = lo[1]!; y <= hi[1]!; y++)
      for (let x = lo[0]!; x <= hi[0]!; x++)
        if (contains(shape, x, y, z)) volume[x + nx * (y + ny * z)] = value;
}

/**
 * Smooth radio-frequency fields for the phantom, as functions of the voxel position in a size³ grid.
 *
 * Receive: a surface coil under the hands. Sensitivity falls off with height (the tubes above the hands see about
 * 60 % of what the hands see) and varies by ±15 % across and along the hands, so an uncorrected quantification is
 * off by tens of per cent: with surface or array coils, R is not the transmit field (method notes).
 *
 * Transmit: the relative flip angle k dips to about 0.75 towards the edges of the field of view, the usual
 * centre-bright pattern of a volume transmit coil.
 */
export function receiveSensitivity(size: number, x: number, y: number, z: number): number {
  const across = x / size - 0.5;
  const along = y / size - 0.35;
  return (
    1.3 *
    Math.exp(-z / (0.9 * size)) *
    (1 + 0.15 * Math.cos(2 * Math.PI * across)) *
    (1 - 0.4 * along * along)
  );
}

export function relativeTransmit(size: number, x: number, y: number, z: number): number {
  const dx = x / size - 0.5;
  const dy = y / size - 0.4;
  const dz = z / size - 0.5;
  return 1.05 - 1.2 * (dx * dx + dy * dy + 0.5 * dz * dz);
}

import type { Affine } from '../volume.ts';

/** NIfTI qform (PS: nifti1.h "METHOD 2"): a rotation quaternion, voxel sizes, qfac and an offset. */
export interface Qform {
  b: number;
  c: number;
  d: number;
  qfac: 1 | -1;
  pixdim: [number, number, number];
  offset: [number, number, number];
}

export function qformToAffine(q: Qform): Affine {
  const { b, c, d } = q;
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const [dx, dy, dz] = [q.pixdim[0], q.pixdim[1], q.pixdim[2] * q.qfac];
  return [
    (a * a + b * b - c * c - d * d) * dx,
    2 * (b * c - a * d) * dy,
    2 * (b * d + a * c) * dz,
    q.offset[0],
    2 * (b * c + a * d) * dx,
    (a * a + c * c - b * b - d * d) * dy,
    2 * (c * d - a * b) * dz,
    q.offset[1],
    2 * (b * d - a * c) * dx,
    2 * (c * d + a * b) * dy,
    (a * a + d * d - c * c - b * b) * dz,
    q.offset[2],
    0,
    0,
    0,
    1,
  ];
}

/** The closest qform to an affine (nifti1_io's nifti_mat44_to_quatern, for an orthogonal rotation part). */
export function affineToQform(m: Affine): Qform {
  const col = (j: number): [number, number, number] => [m[j]!, m[4 + j]!, m[8 + j]!];
  const cols = [col(0), col(1), col(2)];
  const pixdim = cols.map((v) => Math.hypot(...v) || 1) as [number, number, number];
  const r = cols.map((v, j) => v.map((x) => x / pixdim[j]!));
  const det =
    r[0]![0]! * (r[1]![1]! * r[2]![2]! - r[2]![1]! * r[1]![2]!) -
    r[1]![0]! * (r[0]![1]! * r[2]![2]! - r[2]![1]! * r[0]![2]!) +
    r[2]![0]! * (r[0]![1]! * r[1]![2]! - r[1]![1]! * r[0]![2]!);
  const qfac: 1 | -1 = det < 0 ? -1 : 1;
  if (qfac < 0) r[2] = r[2]!.map((x) => -x);
  // R[i][j] with r holding columns: R[i][j] = r[j][i].
  const R = (i: number, j: number): number => r[j]![i]!;
  let a = R(0, 0) + R(1, 1) + R(2, 2) + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (R(2, 1) - R(1, 2))) / a;
    c = (0.25 * (R(0, 2) - R(2, 0))) / a;
    d = (0.25 * (R(1, 0) - R(0, 1))) / a;
  } else {
    const xd = 1 + R(0, 0) - (R(1, 1) + R(2, 2));
    const yd = 1 + R(1, 1) - (R(0, 0) + R(2, 2));
    const zd = 1 + R(2, 2) - (R(0, 0) + R(1, 1));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (R(0, 1) + R(1, 0))) / b;
      d = (0.25 * (R(0, 2) + R(2, 0))) / b;
      a = (0.25 * (R(2, 1) - R(1, 2))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (R(0, 1) + R(1, 0))) / c;
      d = (0.25 * (R(1, 2) + R(2, 1))) / c;
      a = (0.25 * (R(0, 2) - R(2, 0))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (R(0, 2) + R(2, 0))) / d;
      c = (0.25 * (R(1, 2) + R(2, 1))) / d;
      a = (0.25 * (R(1, 0) - R(0, 1))) / d;
    }
    // The quaternion and its negation are the same rotation; NIfTI stores the one with a ≥ 0.
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { b, c, d, qfac, pixdim, offset: [m[3]!, m[7]!, m[11]!] };
}

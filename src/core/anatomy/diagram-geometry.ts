/**
 * The schematic right hand the diagram is drawn from, in local coordinates: dorsal view, fingers up (−y), the thumb
 * towards −x (radial), the wrist crease near y = −45 and the forearm below y = 0. The left hand and the palmar views
 * are this drawing mirrored (see diagram.ts): a schematic palmar view is the dorsal one seen from the other side.
 * Fingers are computed from a base point, an angle and segment lengths, so the hand is a few dozen numbers.
 */
import type { Finger } from './types.ts';

export interface Point {
  x: number;
  y: number;
}

interface FingerSpec {
  /** The carpometacarpal joint, where the metacarpal starts. */
  base: Point;
  /** Degrees from straight up; positive leans towards the little finger. */
  angle: number;
  /** Metacarpal, then phalanges (the thumb has no middle phalanx). */
  lengths: readonly number[];
  /** Metacarpal width; phalanges narrow distally. */
  width: number;
}

const FINGER_SPECS: Record<Finger, FingerSpec> = {
  1: { base: { x: -54, y: -106 }, angle: -40, lengths: [58, 44, 34], width: 16 },
  2: { base: { x: -30, y: -118 }, angle: -7, lengths: [100, 58, 34, 25], width: 15 },
  3: { base: { x: -9, y: -121 }, angle: -1, lengths: [104, 64, 40, 27], width: 15.5 },
  4: { base: { x: 12, y: -118 }, angle: 6, lengths: [96, 60, 37, 26], width: 14 },
  5: { base: { x: 32, y: -110 }, angle: 13, lengths: [84, 46, 28, 23], width: 13 },
};

export const FINGER_NUMBERS: readonly Finger[] = [1, 2, 3, 4, 5];

/** The gap left between two bones for the joint drawn across it. */
export const JOINT_GAP = 6;

export const round = (v: number) => Math.round(v * 10) / 10;
export const fmt = (p: Point) => `${round(p.x)},${round(p.y)}`;

export const fingerAngle = (f: Finger) => FINGER_SPECS[f].angle;

/** Distance from the base to the start of segment `i` (0 = metacarpal) and to its end. */
export function segmentBounds(f: Finger, i: number): [number, number] {
  const lengths = FINGER_SPECS[f].lengths;
  const start = lengths.slice(0, i).reduce((a, b) => a + b, 0);
  return [start, start + (lengths[i] ?? 0)];
}

export const segmentCount = (f: Finger) => FINGER_SPECS[f].lengths.length;
export const fingerLength = (f: Finger) => segmentBounds(f, segmentCount(f) - 1)[1];

/** Bone width of segment `i`: each phalanx a little narrower than the one before. */
export const segmentWidth = (f: Finger, i: number) => FINGER_SPECS[f].width * (1 - 0.1 * i);

/** The point `t` along the finger's axis, `offset` towards its radial side (negative: ulnar). */
export function fingerPoint(f: Finger, t: number, offset = 0): Point {
  const { base, angle } = FINGER_SPECS[f];
  const a = (angle * Math.PI) / 180;
  return {
    x: base.x + Math.sin(a) * t - Math.cos(a) * offset,
    y: base.y - Math.cos(a) * t - Math.sin(a) * offset,
  };
}

/** A bone from `p` to `q` with rounded ends: a capsule `wp` wide at p and `wq` at q. */
export function capsulePath(p: Point, q: Point, wp: number, wq: number): string {
  const len = Math.hypot(q.x - p.x, q.y - p.y);
  const n = { x: -(q.y - p.y) / len, y: (q.x - p.x) / len };
  const side = (c: Point, w: number, sign: number) => ({
    x: c.x + (n.x * w * sign) / 2,
    y: c.y + (n.y * w * sign) / 2,
  });
  const [p1, q1, q2, p2] = [side(p, wp, 1), side(q, wq, 1), side(q, wq, -1), side(p, wp, -1)];
  const r = (w: number) => round(w / 2);
  return `M${fmt(p1)} L${fmt(q1)} A${r(wq)} ${r(wq)} 0 0 0 ${fmt(q2)} L${fmt(p2)} A${r(wp)} ${r(wp)} 0 0 0 ${fmt(p1)} Z`;
}

export const polylinePoints = (points: readonly Point[]) => points.map(fmt).join(' ');

/** The point halfway along a polyline, where its label goes. */
export function polylineMidpoint(points: readonly Point[]): Point {
  const pairs = points.slice(1).map((q, i) => [points[i] as Point, q] as const);
  const lengths = pairs.map(([p, q]) => Math.hypot(q.x - p.x, q.y - p.y));
  let remaining = lengths.reduce((a, b) => a + b, 0) / 2;
  for (const [i, [p, q]] of pairs.entries()) {
    const l = lengths[i] ?? 0;
    if (remaining <= l)
      return { x: p.x + ((q.x - p.x) * remaining) / l, y: p.y + ((q.y - p.y) * remaining) / l };
    remaining -= l;
  }
  return points[points.length - 1] ?? { x: 0, y: 0 };
}

/** An ellipse, rotated by `angle` degrees about its centre. */
export interface EllipseSpec {
  c: Point;
  rx: number;
  ry: number;
  angle: number;
}

/** Carpal bones: proximal row (y ≈ −64) and distal row (y ≈ −96), radial to ulnar. */
export const CARPALS: Record<string, EllipseSpec> = {
  scaphoid: { c: { x: -40, y: -65 }, rx: 13, ry: 8.5, angle: -35 },
  lunate: { c: { x: -16, y: -63 }, rx: 9.5, ry: 9, angle: 0 },
  triquetrum: { c: { x: 4, y: -65 }, rx: 8.5, ry: 7.5, angle: 15 },
  pisiform: { c: { x: 20, y: -72 }, rx: 5.5, ry: 5.5, angle: 0 },
  trapezium: { c: { x: -46, y: -93 }, rx: 10.5, ry: 9.5, angle: -30 },
  trapezoid: { c: { x: -27, y: -100 }, rx: 8, ry: 8.5, angle: 0 },
  capitate: { c: { x: -8, y: -96 }, rx: 9.5, ry: 13.5, angle: 0 },
  hamate: { c: { x: 13, y: -96 }, rx: 9.5, ry: 11.5, angle: 10 },
};

/** Wrist joints drawn as thin ellipses in the gaps between the forearm, the two carpal rows and the metacarpals. */
export const WRIST_JOINTS: Record<'DRUJ' | 'RC' | 'MC' | 'CMC2-5', EllipseSpec> = {
  DRUJ: { c: { x: 4, y: -24 }, rx: 3.5, ry: 10, angle: 0 },
  RC: { c: { x: -22, y: -49 }, rx: 30, ry: 3.5, angle: -6 },
  MC: { c: { x: -14, y: -80 }, rx: 34, ry: 3, angle: 4 },
  'CMC2-5': { c: { x: 1, y: -115 }, rx: 36, ry: 3, angle: 7.5 },
};

/** Distal radius (radial styloid at the left) and distal ulna, from the forearm to their articular surfaces. */
export const RADIUS_PATH = 'M-46,75 L-50,20 Q-58,-8 -57,-40 L-50,-46 Q-26,-44 -3,-41 L-1,-22 Q-6,10 -10,75 Z';
export const RADIUS_LABEL: Point = { x: -30, y: -10 };
export const ULNA_PATH = 'M13,75 L9,-12 Q7,-34 20,-36 Q34,-37 33,-20 L28,75 Z';
export const ULNA_LABEL: Point = { x: 20, y: -16 };

/** Dorsal extensor compartments I–VI over the distal forearm, radial to ulnar: [x, width]. */
export const EXTENSOR_COLUMNS: readonly [number, number][] = [
  [-59, 11],
  [-46, 12],
  [-32, 8],
  [-22, 18],
  [-2, 9],
  [10, 16],
];
export const EXTENSOR_ROW = { y: 8, height: 38 };

/** The carpal tunnel, under the flexor retinaculum. */
export const CARPAL_TUNNEL = { x: -34, y: -106, width: 46, height: 86 };

/** Arteries: the radial and ulnar at the wrist and the two palmar arches, proximal to distal and radial to ulnar. */
export const RADIAL_ARTERY: readonly Point[] = [
  { x: -46, y: 80 },
  { x: -54, y: 0 },
  { x: -62, y: -60 },
  { x: -64, y: -92 },
  { x: -56, y: -110 },
];
export const ULNAR_ARTERY: readonly Point[] = [
  { x: 24, y: 80 },
  { x: 28, y: -40 },
  { x: 30, y: -100 },
];
export const DEEP_ARCH: readonly Point[] = [
  { x: -56, y: -110 },
  { x: -36, y: -122 },
  { x: -14, y: -127 },
  { x: 8, y: -124 },
  { x: 26, y: -114 },
];
export const SUPERFICIAL_ARCH: readonly Point[] = [
  { x: 30, y: -100 },
  { x: 29, y: -125 },
  { x: 21, y: -144 },
  { x: 6, y: -157 },
  { x: -10, y: -163 },
  { x: -28, y: -159 },
  { x: -42, y: -149 },
  { x: -52, y: -135 },
];

/** The outline of the hand (skin), drawn behind the structures. */
export function handOutline(): { palm: string; digits: { points: string; width: number }[] } {
  const mcpLevel = (f: Finger, offset: number) => fingerPoint(f, segmentBounds(f, 0)[1] + 2, offset);
  const palm = [
    { x: -54, y: 80 },
    { x: -66, y: -40 },
    { x: -74, y: -90 },
    fingerPoint(1, 30, 14), // thenar eminence
    fingerPoint(1, 50, -12), // first web space
    mcpLevel(2, 16),
    mcpLevel(3, 0),
    mcpLevel(4, 0),
    mcpLevel(5, -14),
    fingerPoint(5, 30, -16),
    { x: 44, y: -60 },
    { x: 32, y: 80 },
  ];
  const digits = FINGER_NUMBERS.map((f) => ({
    points: polylinePoints([
      fingerPoint(f, f === 1 ? 8 : segmentBounds(f, 0)[1] - 20),
      fingerPoint(f, fingerLength(f) - 9),
    ]),
    width: round(segmentWidth(f, 1) + 18),
  }));
  return { palm: `M${palm.map(fmt).join(' L')} Z`, digits };
}

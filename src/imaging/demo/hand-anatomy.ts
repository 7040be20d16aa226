import type { Point, Shape } from '../../core/sodium/phantom/shapes.ts';

/**
 * The anatomy of one right hand for the demo hand model, in its hand frame: a across from the ulnar edge towards
 * the thumb, b along from the radiocarpal joint towards the fingertips, c from the palm upwards (mm). Every joint,
 * bone, tendon site and artery of the anatomy id scheme has a place, keyed by its side-free id. Sizes are those of
 * an adult woman's hand (SSc patients are mostly women).
 */

export interface BoneSite {
  /** Cortex outline; the marrow is the same shapes shrunk by the cortex thickness. */
  shapes: Shape[];
  centre: Point;
  /** Where an erosion bites: the radial or articular surface near the joint. */
  surface: Point;
}
export interface JointSite {
  centre: Point;
  /** Radii of the normal joint space; synovitis and effusion grow from it. */
  radii: Point;
}
export interface TendonSite {
  /** Tendon paths, each a polyline, and the tendon radius. */
  paths: Point[][];
  radius: number;
  /** The part of the paths a sheath covers (tenosynovitis is drawn there). */
  sheath: Point[][];
}
export interface ArterySite {
  path: Point[];
  radius: number;
}

export interface HandSites {
  bones: Map<string, BoneSite>;
  joints: Map<string, JointSite>;
  tendons: Map<string, TendonSite>;
  arteries: Map<string, ArterySite>;
  /** Skin outline: fat outside, soft tissue 3 mm inside. */
  body: Shape[];
}

/** Depth of the bone axes above the table: every bone lies in one plane, which the middle slices cut. */
const BONE_C = 11;
const JOINT_GAP = 1.8;

const FINGERS = [
  // Finger, across at the MCP, across at the metacarpal base, MCP row, phalanx lengths, phalanx radii.
  { n: 2, a: 63, baseA: 57, mcp: 86, lengths: [38, 22, 17] },
  { n: 3, a: 45, baseA: 46, mcp: 90, lengths: [42, 27, 19] },
  { n: 4, a: 28, baseA: 35, mcp: 86, lengths: [39, 25, 18] },
  { n: 5, a: 11, baseA: 25, mcp: 79, lengths: [31, 18, 16] },
] as const;
const PHALANX_RADII = [3.8, 3.2, 2.6] as const;
const METACARPAL_BASE_B = 34.5;
const THUMB = { cmc: [70, 30], mcp: [85, 62], ip: [95, 88], tip: [100, 105] } as const;
/** Web spaces 1 (thumb-index) to 4 (ring-little), where the common digital arteries divide. */
const WEB = [
  [73, 72],
  [54, 94],
  [36.5, 94],
  [19.5, 88],
] as const;
const EXTENSOR_COMPARTMENTS_A = [70, 60, 51, 41, 31, 21] as const;

export const add = (p: Point, q: Point, f = 1): Point => [p[0] + f * q[0], p[1] + f * q[1], p[2] + f * q[2]];
export const sub = (p: Point, q: Point): Point => [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
export const unit = (v: Point): Point => {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
};
export const capsule = (from: Point, to: Point, radius: number): Shape => ({
  kind: 'capsule',
  from,
  to,
  radius,
});
export const ellipsoid = (centre: Point, radii: Point): Shape => ({ kind: 'ellipsoid', centre, radii });
export const polyline = (points: readonly Point[], radius: number): Shape[] =>
  points.slice(1).map((p, i) => capsule(points[i]!, p, radius));

/** The shape shrunk by `by` mm on every side (a capsule's radius, an ellipsoid's radii). */
export function shrink(shape: Shape, by: number): Shape | null {
  if (shape.kind === 'capsule')
    return shape.radius > by ? capsule(shape.from, shape.to, shape.radius - by) : null;
  if (shape.kind === 'ellipsoid') {
    const radii = shape.radii.map((r) => r - by);
    return radii.every((r) => r > 0) ? ellipsoid(shape.centre, [radii[0]!, radii[1]!, radii[2]!]) : null;
  }
  return null;
}

/** The first `fraction` of a polyline, by length. */
export function leading(points: readonly Point[], fraction: number): Point[] {
  const lengths = points.slice(1).map((p, i) => Math.hypot(...sub(p, points[i]!)));
  let left = fraction * lengths.reduce((s, l) => s + l, 0);
  const out: Point[] = [points[0]!];
  for (let i = 0; i < lengths.length && left > 0; i++) {
    const f = Math.min(1, left / lengths[i]!);
    out.push(add(points[i]!, sub(points[i + 1]!, points[i]!), f));
    left -= lengths[i]!;
  }
  return out;
}

/** Every site of one right hand in its hand frame (a, b, c); the caller places and mirrors it. */
export function handSites(): HandSites {
  const bones = new Map<string, BoneSite>();
  const joints = new Map<string, JointSite>();
  const tendons = new Map<string, TendonSite>();
  const arteries = new Map<string, ArterySite>();
  const body: Shape[] = [];
  const at = (a: number, b: number, c = BONE_C): Point => [a, b, c];
  const RADIAL: Point = [1, 0, 0];

  /** A tubular bone between two joints, split into base and head thirds where the id scheme does. */
  const tubular = (from: Point, to: Point, radius: number): BoneSite & { base: Point; head: Point } => {
    const axis = unit(sub(to, from));
    const start = add(from, axis, JOINT_GAP);
    const end = add(to, axis, -JOINT_GAP);
    const base = add(start, axis, radius);
    const head = add(end, axis, -radius);
    return {
      shapes: [capsule(start, end, radius)],
      centre: add(start, sub(end, start), 0.5),
      surface: add(base, RADIAL, radius),
      base,
      head,
    };
  };
  const oval = (centre: Point, radii: Point, surface: Point = add(centre, RADIAL, radii[0])): BoneSite => ({
    shapes: [ellipsoid(centre, radii)],
    centre,
    surface,
  });

  // Forearm, wrist, palm, thenar and hypothenar eminences.
  body.push(
    ellipsoid(at(45, -62, 15), [33, 70, 15]),
    ellipsoid(at(45, 6, 14), [33, 22, 14]),
    ellipsoid(at(42, 48, 13), [42, 50, 13]),
    ellipsoid(at(68, 38, 12), [16, 24, 12]),
    ellipsoid(at(13, 42, 12), [13, 36, 11]),
  );

  // Distal radius and ulna, the radioulnar, radiocarpal, midcarpal and CMC2-5 joints.
  const radiusEnd = at(54, -7);
  bones.set('bone.radius', {
    shapes: [capsule(at(53, -80), at(53, -12), 8), ellipsoid(radiusEnd, [15, 5.5, 8.5])],
    centre: radiusEnd,
    surface: add(radiusEnd, [0, 5.5, 0]),
  });
  const ulnaHead = at(23, -9);
  bones.set('bone.ulna', {
    shapes: [capsule(at(22, -80), at(22, -14), 6), ellipsoid(ulnaHead, [6.5, 6.5, 6.5])],
    centre: ulnaHead,
    surface: add(ulnaHead, [-6.5, 0, 0]),
  });
  joints.set('DRUJ', { centre: at(34, -8), radii: [4.5, 5, 6] });
  joints.set('RC', { centre: at(50, 0.5), radii: [19, 2.2, 7] });
  joints.set('MC', { centre: at(47, 15.5), radii: [22, 2.2, 7] });
  joints.set('CMC2-5', { centre: at(42, 32.5), radii: [22, 2, 7] });

  // Carpals: proximal row, pisiform on the palmar side of the triquetrum, distal row.
  bones.set('bone.scaphoid', oval(at(62, 8), [7, 6, 6.5]));
  bones.set('bone.lunate', oval(at(48, 7), [6.5, 5.5, 6.5]));
  bones.set('bone.triquetrum', oval(at(35, 8.5), [6, 5.5, 6]));
  bones.set('bone.pisiform', oval(at(32, 10, BONE_C - 7), [4, 4, 4]));
  bones.set('bone.trapezium', oval(at(68, 23), [6, 6, 6]));
  bones.set('bone.trapezoid', oval(at(58, 24.5), [5, 5.5, 6]));
  bones.set('bone.capitate', oval(at(47, 24), [6, 7.5, 7]));
  bones.set('bone.hamate', oval(at(35, 24), [6, 7, 6.5]));

  // Fingers 2-5: metacarpal, phalanges, MCP/PIP/DIP, skin, tendons and the proper digital arteries.
  for (const { n, a, baseA, mcp, lengths } of FINGERS) {
    const rows = [
      mcp,
      mcp + lengths[0],
      mcp + lengths[0] + lengths[1],
      mcp + lengths[0] + lengths[1] + lengths[2],
    ];
    const mc = tubular(at(baseA, METACARPAL_BASE_B - JOINT_GAP), at(a, mcp), 3.8);
    bones.set(`bone.mc${n}.base`, { shapes: mc.shapes, centre: mc.base, surface: add(mc.base, RADIAL, 3.8) });
    bones.set(`bone.mc${n}.head`, { shapes: mc.shapes, centre: mc.head, surface: add(mc.head, RADIAL, 3.8) });
    (['proximal', 'middle', 'distal'] as const).forEach((phalanx, p) => {
      const tip = p === 2 ? rows[3]! - 2 : rows[p + 1]!;
      bones.set(`bone.phalanx.${phalanx}.${n}`, tubular(at(a, rows[p]!), at(a, tip), PHALANX_RADII[p]!));
    });
    ['MCP', 'PIP', 'DIP'].forEach((name, p) => {
      const r = PHALANX_RADII[p]! + 1;
      joints.set(`${name}${n}`, { centre: at(a, rows[p]!), radii: [r, 3, r] });
    });
    body.push(capsule(at(a, mcp - 10, 10), at(a, rows[3]! + 2, 9), n === 5 ? 7.2 : 8));

    const flexorFinger = [at(a, mcp - 12, 5.5), at(a, rows[2]! + 3, 6)];
    tendons.set(`tendon.flexor.${n}`, {
      paths: [[at(42 + (a - 45) * 0.3, -35, 4), at(44 + (a - 45) * 0.4, 26, 3.8), ...flexorFinger]],
      radius: 1.8,
      sheath: [flexorFinger],
    });
    const compartment = EXTENSOR_COMPARTMENTS_A[n === 5 ? 4 : 3];
    const extensor = [at(compartment, 8, 21), at(a, mcp - 8, 18), at(a, rows[1]! + 4, 15.8)];
    tendons.set(`extensor.digit.${n}`, { paths: [extensor], radius: 1.5, sheath: [] });

    for (const side of ['radial', 'ulnar'] as const) {
      const offset = side === 'radial' ? 4.6 : -4.6;
      const web = side === 'radial' ? WEB[n - 2]! : n === 5 ? ([4, 70] as const) : WEB[n - 1]!;
      arteries.set(`artery.digital.${n}.${side}`, {
        path: [at(web[0], web[1], 4.5), at(a + offset, mcp + 10, 7), at(a + offset, rows[3]! - 4, 7.5)],
        radius: 1.2,
      });
    }
  }

  // Thumb: CMC1, MCP1, IP1 along an oblique axis.
  const [cmc, mcp1, ip, tip] = [THUMB.cmc, THUMB.mcp, THUMB.ip, THUMB.tip].map(([a, b]) => at(a, b));
  const mc1 = tubular(cmc!, mcp1!, 4.2);
  bones.set('bone.mc1.base', { shapes: mc1.shapes, centre: mc1.base, surface: add(mc1.base, RADIAL, 4.2) });
  bones.set('bone.mc1.head', { shapes: mc1.shapes, centre: mc1.head, surface: add(mc1.head, RADIAL, 4.2) });
  bones.set('bone.phalanx.proximal.1', tubular(mcp1!, ip!, 3.8));
  bones.set('bone.phalanx.distal.1', tubular(ip!, add(tip!, unit(sub(tip!, ip!)), -2), 3));
  joints.set('CMC1', { centre: cmc!, radii: [5.5, 4, 5.5] });
  joints.set('MCP1', { centre: mcp1!, radii: [5.2, 4, 5.2] });
  joints.set('IP1', { centre: ip!, radii: [4.8, 4, 4.8] });
  body.push(capsule(cmc!, add(tip!, unit(sub(tip!, ip!)), 2), 9));
  const thumbFlexor = [add(mcp1!, [0, -10, -6]), add(ip!, [1, 3, -6])];
  tendons.set('tendon.flexor.1', {
    paths: [[at(50, -35, 4), at(60, 24, 4), ...thumbFlexor]],
    radius: 1.8,
    sheath: [thumbFlexor],
  });
  const across = unit([tip![1] - cmc![1], -(tip![0] - cmc![0]), 0]);
  for (const side of ['radial', 'ulnar'] as const) {
    const shift: Point = [
      across[0] * (side === 'radial' ? 4.6 : -4.6),
      across[1] * (side === 'radial' ? 4.6 : -4.6),
      -4,
    ];
    arteries.set(`artery.digital.1.${side}`, {
      path: [
        at(WEB[0][0], WEB[0][1] - 10, 4.5),
        add(mcp1!, shift),
        add(tip!, add(shift, unit(sub(tip!, ip!)), -4)),
      ],
      radius: 1.2,
    });
  }

  // The flexor compartment at the wrist is the carpal-tunnel part of every flexor tendon.
  const flexors = [1, 2, 3, 4, 5].map((n) => tendons.get(`tendon.flexor.${n}`)!.paths[0]!);
  tendons.set('tendon.flexor.wrist', {
    paths: [],
    radius: 1.8,
    sheath: flexors.map((path) => path.slice(0, 2)),
  });
  // Extensor compartments I (radial) to VI (ulnar) at the dorsal wrist.
  EXTENSOR_COMPARTMENTS_A.forEach((a, i) => {
    const path = [at(a, -40, 22.5), at(a, 8, 21)];
    tendons.set(`tendon.extensor.${i + 1}`, { paths: [path], radius: i === 3 ? 2.8 : 2, sheath: [path] });
  });
  tendons.set('extensor.thumb', {
    paths: [[at(51, 8, 21), at(64, 26, 19), add(mcp1!, [0, 0, 5]), add(ip!, [0, 3, 4])]],
    radius: 1.5,
    sheath: [],
  });

  // Arteries: radial and ulnar, the arches, the common digital arteries to the web spaces.
  arteries.set('artery.radial', { path: [at(66, -80, 5), at(67, -5, 5), at(72, 24, 8.5)], radius: 1.6 });
  arteries.set('artery.ulnar', { path: [at(24, -80, 5), at(24, 0, 4), at(27, 30, 3)], radius: 1.6 });
  arteries.set('artery.arch.superficial', {
    path: [at(27, 30, 3), at(33, 52, 3), at(46, 58, 3), at(60, 52, 3), at(67, 40, 3.5)],
    radius: 1.4,
  });
  arteries.set('artery.arch.deep', {
    path: [at(72, 24, 8.5), at(60, 37, 7), at(46, 40, 7), at(32, 38, 7), at(25, 33, 7)],
    radius: 1.4,
  });
  const archOrigin = [
    [64, 47],
    [54, 57],
    [37, 56],
    [28, 44],
  ] as const;
  WEB.forEach((web, k) => {
    arteries.set(`artery.common-digital.${k + 1}`, {
      path: [at(archOrigin[k]![0], archOrigin[k]![1], 3), at(web[0], web[1], 4.5)],
      radius: 1.3,
    });
  });

  return { bones, joints, tendons, arteries, body };
}

import type { Random } from '../random.ts';
import type { CompartmentKind } from '../signal-model.ts';
import type { Point, Shape } from './shapes.ts';

/**
 * The geometry of the hand phantom: both hands lying flat side by side, palms down, thumbs towards each other,
 * with five reference tubes lying above them. Each hand has 16 joints (radiocarpal, CMC1, MCP1, IP1, and MCP, PIP,
 * DIP of fingers 2-5), inside soft tissue with bones between the joints.
 *
 * Coordinates are in voxels. Each hand is drawn in its own column of width N/2, in units of that width, so a
 * phantom of any size has the same shape: a joint holds about 370 voxels at 128³ and 3,000 at 256³.
 */

export interface Region {
  name: string;
  kind: CompartmentKind;
  /** Label in the label map; 0 for the rim of a tube, which is left out so that the ROI is the tube's interior. */
  label: number;
  concentrationMmol: number;
  /** 1H signal relative to soft tissue. */
  protonDensity: number;
  shapes: Shape[];
}

export interface Layout {
  /** In painting order: later regions win where they overlap. */
  regions: Region[];
  /** Signal-free background: voxels below `below` or above `above` in z (the noise label). */
  noise: { label: number; below: number; above: number };
}

export const TUBE_CONCENTRATIONS_MMOL = [50, 100, 150, 250, 350] as const;
export const SOFT_TISSUE_MMOL = 20;
export const BONE_MMOL = 8;
/** Joint concentrations are drawn uniformly from this range (wrist and cartilage values of the method notes). */
export const JOINT_RANGE_MMOL = [150, 300] as const;

export const LABELS = {
  firstTube: 1,
  noise: 6,
  softTissue: 7,
  bone: 8,
  rightJoints: 11,
  leftJoints: 31,
} as const;

const FINGERS = [
  // Finger number, column position across the hand (0 = little-finger side), phalanx lengths.
  { finger: 5, across: 0.26, phalanges: [0.16, 0.1, 0.08] },
  { finger: 4, across: 0.42, phalanges: [0.21, 0.13, 0.09] },
  { finger: 3, across: 0.58, phalanges: [0.22, 0.14, 0.09] },
  { finger: 2, across: 0.74, phalanges: [0.2, 0.12, 0.09] },
] as const;
const MCP_ROW = 0.88;
const THUMB = { cmc: [0.78, 0.48], mcp: [0.86, 0.64], ip: [0.89, 0.78], tip: [0.9, 0.88] } as const;
const HAND_DEPTH = 0.6;
const FINGER_RADIUS = 0.07;
const BONE_RADIUS = 0.03;
const JOINT_RADII = [0.075, 0.06, 0.075] as const;
const TUBE = { depth: 1.35, radius: 0.1, interior: 0.8, from: 0.25, to: 1.25 } as const;

const round1 = (v: number) => Math.round(v * 10) / 10;

export function handLayout(size: number, random: Random): Layout {
  const unit = size / 2;
  const tissue: Shape[] = [];
  const bone: Shape[] = [];
  const joints: Region[] = [];
  const jointConcentration = () =>
    round1(JOINT_RANGE_MMOL[0] + (JOINT_RANGE_MMOL[1] - JOINT_RANGE_MMOL[0]) * random.uniform());

  for (const side of ['Right', 'Left'] as const) {
    // The right hand is in the first column with its thumb towards the middle; the left hand is its mirror image.
    const at = (across: number, along: number, depth = HAND_DEPTH): Point => [
      (side === 'Right' ? across : 2 - across) * unit,
      along * unit,
      depth * unit,
    ];
    const capsule = (from: Point, to: Point, radius: number): Shape => ({
      kind: 'capsule',
      from,
      to,
      radius: radius * unit,
    });
    let label = side === 'Right' ? LABELS.rightJoints : LABELS.leftJoints;
    const joint = (name: string, centre: Point, radii: readonly number[] = JOINT_RADII) => {
      joints.push({
        name: `${side} ${name}`,
        kind: 'joint',
        label: label++,
        concentrationMmol: jointConcentration(),
        protonDensity: 0.75,
        shapes: [
          { kind: 'ellipsoid', centre, radii: [radii[0]! * unit, radii[1]! * unit, radii[2]! * unit] },
        ],
      });
    };

    tissue.push(capsule(at(0.5, -0.2), at(0.5, 0.4), 0.17));
    tissue.push({ kind: 'ellipsoid', centre: at(0.5, 0.66), radii: [0.34 * unit, 0.27 * unit, 0.11 * unit] });
    bone.push(capsule(at(0.42, -0.2), at(0.42, 0.36), 0.05), capsule(at(0.6, -0.2), at(0.6, 0.36), 0.045));
    joint('radiocarpal', at(0.5, 0.42), [0.15, 0.045, 0.08]);

    const thumb = [THUMB.cmc, THUMB.mcp, THUMB.ip, THUMB.tip].map(([a, b]) => at(a, b));
    tissue.push(capsule(thumb[0]!, thumb[3]!, FINGER_RADIUS));
    bone.push(capsule(thumb[0]!, thumb[1]!, BONE_RADIUS), capsule(thumb[1]!, thumb[2]!, BONE_RADIUS));
    bone.push(capsule(thumb[2]!, thumb[3]!, BONE_RADIUS * 0.8));
    ['CMC1', 'MCP1', 'IP1'].forEach((name, i) => joint(name, thumb[i]!));

    for (const { finger, across, phalanges } of FINGERS) {
      const rows = [MCP_ROW];
      for (const length of phalanges) rows.push(rows[rows.length - 1]! + length);
      const points = rows.map((along) => at(across, along));
      const tip = at(across, rows[3]! + 0.03);
      tissue.push(capsule(points[0]!, tip, FINGER_RADIUS));
      bone.push(capsule(at(across, 0.46), points[0]!, BONE_RADIUS));
      for (let p = 0; p < 3; p++) bone.push(capsule(points[p]!, points[p + 1]!, BONE_RADIUS));
      ['MCP', 'PIP', 'DIP'].forEach((name, i) => joint(`${name}${finger}`, points[i]!));
    }
  }

  const tubeRims: Region[] = [];
  const tubes: Region[] = [];
  TUBE_CONCENTRATIONS_MMOL.forEach((concentrationMmol, t) => {
    const tube = (radius: number): Shape => ({
      kind: 'tube',
      centreX: ((t + 0.5) / TUBE_CONCENTRATIONS_MMOL.length) * size,
      centreZ: TUBE.depth * unit,
      radius: radius * unit,
      fromY: TUBE.from * unit,
      toY: TUBE.to * unit,
    });
    const name = `Tube ${concentrationMmol} mM`;
    const common = { kind: 'reference', concentrationMmol, protonDensity: 0.9 } as const;
    tubeRims.push({ ...common, name: `${name} rim`, label: 0, shapes: [tube(TUBE.radius)] });
    tubes.push({ ...common, name, label: LABELS.firstTube + t, shapes: [tube(TUBE.radius * TUBE.interior)] });
  });

  return {
    regions: [
      {
        name: 'Soft tissue',
        kind: 'tissue',
        label: LABELS.softTissue,
        concentrationMmol: SOFT_TISSUE_MMOL,
        protonDensity: 1,
        shapes: tissue,
      },
      {
        name: 'Bone',
        kind: 'tissue',
        label: LABELS.bone,
        concentrationMmol: BONE_MMOL,
        protonDensity: 1.2,
        shapes: bone,
      },
      ...joints,
      ...tubeRims,
      ...tubes,
    ],
    noise: { label: LABELS.noise, below: 0.3 * unit, above: 1.6 * unit },
  };
}

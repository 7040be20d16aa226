import { ManusError } from '../../core/errors.ts';
import type { Side } from '../../core/anatomy/types.ts';
import { createRandom } from '../../core/sodium/random.ts';
import type { Point, Shape } from '../../core/sodium/phantom/shapes.ts';
import { add, capsule, ellipsoid, handSites, leading, polyline, shrink, sub } from './hand-anatomy.ts';

/**
 * A procedural model of both hands for the synthetic demo exams: lying palm down side by side, fingers towards the
 * top of the image, thumbs towards each other, as in a prone 7 T hand exam with the arms above the head. Every
 * joint, bone, tendon site and artery of the anatomy id scheme (`src/core/anatomy/types.ts`) has a place, so a
 * lesion given by anatomy id can be drawn where a reader will look for it.
 *
 * Coordinates are millimetres in the model box (FIELD_OF_VIEW_MM): x to the right of the image (patient left),
 * y down the image (towards the forearms), z from the table upwards (palmar to dorsal). Each hand is drawn in a hand
 * frame (a across from the ulnar edge towards the thumb, b along from the radiocarpal joint towards the fingertips,
 * c from the palm upwards) and placed, the left hand mirrored. Sizes are those of an adult woman's hand (SSc
 * patients are mostly women).
 */

/** What each voxel of the model is; the series give each tissue its own contrast. Painting order is explicit. */
export const TISSUE = {
  air: 0,
  fat: 1,
  soft: 2,
  tendon: 3,
  artery: 4,
  joint: 5,
  synovitis: 6,
  effusion: 7,
  tenosynovitis: 8,
  cortex: 9,
  marrow: 10,
  oedema: 11,
  erosion: 12,
} as const;
export type Tissue = (typeof TISSUE)[keyof typeof TISSUE];
export const TISSUE_COUNT = 13;

/** The model box: 256 mm across both hands, 224 mm from fingertips to forearms, 40 mm from the table up. */
export const FIELD_OF_VIEW_MM = [256, 224, 40] as const;

export const LESION_ITEMS = [
  'erosion',
  'bone_oedema',
  'synovitis',
  'effusion',
  'tenosynovitis',
  'artery_occlusion',
] as const;
export type LesionItem = (typeof LESION_ITEMS)[number];

/**
 * A lesion to draw. Grades: erosion 1-10 (RAMRIS, tenths of the bone part eroded: the bite grows with it);
 * bone_oedema, synovitis, effusion, tenosynovitis 1-3 (the extent grows); artery_occlusion 1-3 (the distal third,
 * two thirds or all of the artery carries no flow signal). Grade 0 draws nothing.
 */
export interface HandLesion {
  /** An anatomy id: `R.MCP2`, `L.bone.lunate`, `R.tendon.extensor.4`, `R.artery.digital.3.ulnar`. */
  site: string;
  item: LesionItem;
  grade: number;
}

const SITE_KIND: Record<LesionItem, 'bone' | 'joint' | 'tendon' | 'artery'> = {
  erosion: 'bone',
  bone_oedema: 'bone',
  synovitis: 'joint',
  effusion: 'joint',
  tenosynovitis: 'tendon',
  artery_occlusion: 'artery',
};
const MAX_GRADE: Record<LesionItem, number> = {
  erosion: 10,
  bone_oedema: 3,
  synovitis: 3,
  effusion: 3,
  tenosynovitis: 3,
  artery_occlusion: 3,
};

const SKIN_MM = 3;
const CORTEX_MM = 1.5;
/** Height of the palm above the bottom of the box. */
const TABLE_Z = 9;

/** One shape painted with one tissue, optionally only over voxels that already hold one of `over`. */
export interface Stroke {
  shape: Shape;
  tissue: Tissue;
  over?: readonly Tissue[];
}

/** A hand's place in the model box; the seed varies size and position a little, and each hand differently. */
interface Placement {
  side: Side;
  scale: number;
  dx: number;
  dy: number;
}

const X_OFFSET = 14;
const WRIST_Y = 187;

function place(p: Placement, point: Point): Point {
  const a = X_OFFSET + p.dx + p.scale * point[0];
  return [
    p.side === 'R' ? a : FIELD_OF_VIEW_MM[0] - a,
    WRIST_Y + p.dy - p.scale * point[1],
    TABLE_Z + p.scale * point[2],
  ];
}

function placeShape(p: Placement, shape: Shape): Shape {
  if (shape.kind === 'capsule')
    return capsule(place(p, shape.from), place(p, shape.to), p.scale * shape.radius);
  if (shape.kind === 'ellipsoid') {
    const [ra, rb, rc] = shape.radii;
    return ellipsoid(place(p, shape.centre), [p.scale * ra, p.scale * rb, p.scale * rc]);
  }
  throw new Error('hand shapes are capsules and ellipsoids');
}

export interface HandScene {
  /** In painting order: later strokes win. */
  strokes: Stroke[];
  /** Where each anatomy site is, in model millimetres (the centre of a joint or bone part, 85 % along an artery). */
  anchors: Map<string, Point>;
}

function placements(seed: number): Placement[] {
  const random = createRandom(seed, 7);
  return (['R', 'L'] as const).map((side) => ({
    side,
    scale: 0.93 + 0.07 * random.uniform(),
    dx: 4 * random.uniform() - 2,
    dy: 6 * random.uniform() - 3,
  }));
}

/** Splits `R.bone.lunate` into its side and side-free part. */
function parseSite(site: string): { side: Side; pooled: string } {
  const match = /^([RL])\.(.+)$/.exec(site);
  if (!match)
    throw new ManusError('invalid', `Lesion site ${site} is not an anatomy id with an R. or L. prefix`);
  return { side: match[1] as Side, pooled: match[2]! };
}

export function validateLesions(lesions: readonly HandLesion[]): void {
  const seen = new Set<string>();
  const sites = handSites();
  for (const lesion of lesions) {
    if (!LESION_ITEMS.includes(lesion.item))
      throw new ManusError('invalid', `Unknown lesion item ${String(lesion.item)}`);
    const max = MAX_GRADE[lesion.item];
    if (!Number.isInteger(lesion.grade) || lesion.grade < 0 || lesion.grade > max)
      throw new ManusError(
        'invalid',
        `${lesion.item} at ${lesion.site}: grade ${lesion.grade} is not 0-${max}`,
      );
    const key = `${lesion.site} ${lesion.item}`;
    if (seen.has(key)) throw new ManusError('invalid', `${lesion.item} at ${lesion.site} is given twice`);
    seen.add(key);
    const { pooled } = parseSite(lesion.site);
    const kind = SITE_KIND[lesion.item];
    const known =
      kind === 'bone'
        ? sites.bones.has(pooled)
        : kind === 'joint'
          ? sites.joints.has(pooled)
          : kind === 'tendon'
            ? pooled.startsWith('tendon.') && sites.tendons.has(pooled)
            : sites.arteries.has(pooled);
    if (!known) throw new ManusError('invalid', `${lesion.item} needs a ${kind} site, not ${lesion.site}`);
  }
}

/**
 * The strokes that draw both hands with their lesions. Order: skin and soft tissue, tenosynovitis then tendons,
 * arteries, joint spaces then synovitis then effusion, bones (cortex, marrow), then oedema inside the marrow and
 * erosions biting into the bone.
 */
export function handScene(seed: number, lesions: readonly HandLesion[]): HandScene {
  validateLesions(lesions);
  const sites = handSites();
  const layers: Stroke[][] = Array.from({ length: 10 }, () => []);
  const [BODY, SOFT, SHEATH, TENDON, ARTERY, JOINT, SYNOVIUM, FLUID, BONE, LESION] = layers as [
    Stroke[],
    Stroke[],
    Stroke[],
    Stroke[],
    Stroke[],
    Stroke[],
    Stroke[],
    Stroke[],
    Stroke[],
    Stroke[],
  ];
  const anchors = new Map<string, Point>();
  for (const placement of placements(seed)) {
    const { side } = placement;
    const at = (point: Point) => place(placement, point);
    const shape = (s: Shape) => placeShape(placement, s);
    const lesionsHere = (pooled: string, item: LesionItem): number =>
      lesions.find((l) => l.site === `${side}.${pooled}` && l.item === item)?.grade ?? 0;

    for (const s of sites.body) {
      BODY.push({ shape: shape(s), tissue: TISSUE.fat });
      const inner = shrink(s, SKIN_MM);
      if (inner) SOFT.push({ shape: shape(inner), tissue: TISSUE.soft });
    }
    for (const [id, tendon] of sites.tendons) {
      for (const path of tendon.paths)
        TENDON.push(
          ...polyline(path, tendon.radius).map((s) => ({ shape: shape(s), tissue: TISSUE.tendon })),
        );
      if (!id.startsWith('tendon.')) continue;
      const [from, to] = tendon.sheath[0]!;
      anchors.set(`${side}.${id}`, at(add(from!, sub(to!, from!), 0.5)));
      const grade = lesionsHere(id, 'tenosynovitis');
      if (grade > 0)
        for (const path of tendon.sheath)
          SHEATH.push(
            ...polyline(path, tendon.radius + 0.8 + 0.9 * grade).map((s) => ({
              shape: shape(s),
              tissue: TISSUE.tenosynovitis,
            })),
          );
    }
    for (const [id, artery] of sites.arteries) {
      anchors.set(`${side}.${id}`, at(leading(artery.path, 0.85).at(-1)!));
      const patent = 1 - lesionsHere(id, 'artery_occlusion') / 3;
      if (patent > 0)
        ARTERY.push(
          ...polyline(leading(artery.path, patent), artery.radius).map((s) => ({
            shape: shape(s),
            tissue: TISSUE.artery,
          })),
        );
    }
    for (const [id, joint] of sites.joints) {
      anchors.set(`${side}.${id}`, at(joint.centre));
      const [ra, rb, rc] = joint.radii;
      JOINT.push({ shape: shape(ellipsoid(joint.centre, joint.radii)), tissue: TISSUE.joint });
      const synovitis = lesionsHere(id, 'synovitis');
      if (synovitis > 0) {
        const grow = 1.6 * synovitis;
        SYNOVIUM.push({
          shape: shape(ellipsoid(joint.centre, [ra + grow, rb + 1.5 * grow, rc + 0.8 * grow])),
          tissue: TISSUE.synovitis,
        });
      }
      const effusion = lesionsHere(id, 'effusion');
      if (effusion > 0) {
        const grow = 1.2 * effusion;
        FLUID.push({
          shape: shape(ellipsoid(joint.centre, [ra + grow, rb + 1.4 * grow, rc + 0.7 * grow])),
          tissue: TISSUE.effusion,
        });
      }
    }
    const marrow: Stroke[] = [];
    const bonesDrawn = new Set<Shape>();
    for (const [id, bone] of sites.bones) {
      anchors.set(`${side}.${id}`, at(bone.centre));
      // A metacarpal is one bone with two sites: draw it once.
      for (const s of bone.shapes) {
        if (bonesDrawn.has(s)) continue;
        bonesDrawn.add(s);
        BONE.push({ shape: shape(s), tissue: TISSUE.cortex });
        const inner = shrink(s, CORTEX_MM);
        if (inner) marrow.push({ shape: shape(inner), tissue: TISSUE.marrow });
      }
      const oedema = lesionsHere(id, 'bone_oedema');
      if (oedema > 0)
        LESION.push({
          shape: shape(ellipsoid(bone.centre, [2 + 2 * oedema, 3 + 3 * oedema, 2 + 2 * oedema])),
          tissue: TISSUE.oedema,
          over: [TISSUE.marrow],
        });
      const erosion = lesionsHere(id, 'erosion');
      if (erosion > 0) {
        const r = 1.6 + 0.45 * erosion;
        LESION.push({
          shape: shape(ellipsoid(bone.surface, [r, r, r])),
          tissue: TISSUE.erosion,
          over: [TISSUE.cortex, TISSUE.marrow, TISSUE.oedema],
        });
      }
    }
    BONE.push(...marrow);
  }
  // Oedema before erosion, so that an eroded oedematous bone shows the erosion.
  LESION.sort((a, b) => +(a.tissue === TISSUE.erosion) - +(b.tissue === TISSUE.erosion));
  return { strokes: layers.flat(), anchors };
}

/**
 * The hand diagram as data: every structure of HAND_ANATOMY as an SVG shape in the dorsal view (bones, joints,
 * extensor compartments, dorsal digital veins) or the palmar view (flexor compartment and sheaths, arteries). Both
 * views show both hands as the reader sees their own hands: the left hand on the left, the right on the right, palms
 * down in the dorsal view and up in the palmar one. Only the right hand is drawn (diagram-geometry.ts); each hand's
 * group is placed and, when needed, mirrored by `handTransform`. Shape attributes are in the hand's local coordinates;
 * `labelPoint` is in viewBox coordinates, so that text goes outside the mirrored groups and reads the right way round.
 */
import {
  handOutline,
  CARPALS,
  CARPAL_TUNNEL,
  DEEP_ARCH,
  EXTENSOR_COLUMNS,
  EXTENSOR_ROW,
  FINGER_NUMBERS,
  JOINT_GAP,
  RADIAL_ARTERY,
  RADIUS_LABEL,
  RADIUS_PATH,
  SUPERFICIAL_ARCH,
  ULNAR_ARTERY,
  ULNA_LABEL,
  ULNA_PATH,
  WRIST_JOINTS,
  capsulePath,
  fingerAngle,
  fingerLength,
  fingerPoint,
  fmt,
  polylineMidpoint,
  polylinePoints,
  round,
  segmentBounds,
  segmentCount,
  segmentWidth,
  type EllipseSpec,
  type Point,
} from './diagram-geometry.ts';
import type { LocalizedText } from '../study/protocol.ts';
import { HAND_ANATOMY } from './hand.ts';
import type { Finger, Side, StructureKind } from './types.ts';

export type DiagramView = 'palmar' | 'dorsal';
export type ShapeElement = 'path' | 'ellipse' | 'polyline' | 'rect';

export interface DiagramShape {
  /** The anatomy id (`R.MCP2`). */
  id: string;
  side: Side;
  kind: StructureKind;
  view: DiagramView;
  element: ShapeElement;
  /** SVG attributes of the element, in the hand's local coordinates (inside the `handTransform` group). */
  attributes: Readonly<Record<string, string>>;
  /** Where the structure's label or value goes, in viewBox coordinates. */
  labelPoint: Point;
}

export const DIAGRAM_VIEWBOX = { width: 640, height: 540 } as const;
export const DIAGRAM_VIEWS: readonly DiagramView[] = ['dorsal', 'palmar'];

/** Stroked structures (vessels) colour their stroke; the others their fill. */
export const STROKED_KINDS: ReadonlySet<StructureKind> = new Set(['artery', 'vein']);

/** Default look of each kind, shared by the SVG string renderer and the React component. */
export const DIAGRAM_STYLE: Record<StructureKind, { colour: string; outline: string; strokeWidth: number }> =
  {
    bone: { colour: '#f4ecd8', outline: '#8c7b5a', strokeWidth: 1 },
    joint: { colour: '#a9cbe8', outline: '#3f6f99', strokeWidth: 0.8 },
    tendon: { colour: '#f3d9a4', outline: '#9a7a35', strokeWidth: 0.8 },
    artery: { colour: '#c0392b', outline: '#c0392b', strokeWidth: 3 },
    vein: { colour: '#2e5fa3', outline: '#2e5fa3', strokeWidth: 3 },
  };
export const SKIN_COLOUR = '#f6e3d6';

/** The paint attributes of a shape: vessels are strokes, the rest filled and outlined. */
export function shapePaint(shape: DiagramShape, colour: string | null): Record<string, string> {
  const style = DIAGRAM_STYLE[shape.kind];
  const paint = colour ?? style.colour;
  return STROKED_KINDS.has(shape.kind)
    ? {
        fill: 'none',
        stroke: paint,
        'stroke-width': String(style.strokeWidth),
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
      }
    : { fill: paint, stroke: style.outline, 'stroke-width': String(style.strokeWidth) };
}

/** The skin behind each hand's structures: a palm and a thick rounded stroke per digit, in local coordinates. */
export function handOutlineShapes(): readonly {
  element: 'path' | 'polyline';
  attributes: Record<string, string>;
}[] {
  const { palm, digits } = handOutline();
  return [
    {
      element: 'path',
      attributes: {
        d: palm,
        fill: SKIN_COLOUR,
        stroke: SKIN_COLOUR,
        'stroke-width': '14',
        'stroke-linejoin': 'round',
      },
    },
    ...digits.map((digit) => ({
      element: 'polyline' as const,
      attributes: {
        points: digit.points,
        fill: 'none',
        stroke: SKIN_COLOUR,
        'stroke-width': String(digit.width),
        'stroke-linecap': 'round',
      },
    })),
  ];
}

/** Where each hand's local origin lands, and whether the drawing is mirrored. */
const HALF = DIAGRAM_VIEWBOX.width / 2;
const ORIGIN_Y = 408;
/** The local x at the middle of the drawn hand, so that each hand is centred in its half. */
const LOCAL_CENTRE_X = -34;

function mirrored(view: DiagramView, side: Side): boolean {
  // The local drawing is a right hand seen from its back; its palm, or the left hand's back, is its mirror image.
  return (view === 'dorsal') !== (side === 'R');
}

function handPlacement(view: DiagramView, side: Side): { dx: number; sx: 1 | -1 } {
  const centre = side === 'L' ? HALF / 2 : HALF + HALF / 2;
  const sx = mirrored(view, side) ? -1 : 1;
  return { dx: centre - sx * LOCAL_CENTRE_X, sx };
}

/** The `transform` of a hand's group. */
export function handTransform(view: DiagramView, side: Side): string {
  const { dx, sx } = handPlacement(view, side);
  return `translate(${dx} ${ORIGIN_Y}) scale(${sx} 1)`;
}

export const HAND_CAPTIONS: Record<DiagramView, Record<Side, LocalizedText>> = {
  dorsal: {
    R: { en: 'Right hand, dorsal view', fr: 'Main droite, face dorsale' },
    L: { en: 'Left hand, dorsal view', fr: 'Main gauche, face dorsale' },
  },
  palmar: {
    R: { en: 'Right hand, palmar view', fr: 'Main droite, face palmaire' },
    L: { en: 'Left hand, palmar view', fr: 'Main gauche, face palmaire' },
  },
};

/** Where a hand's caption goes, below the forearm. */
export const handCaptionPoint = (side: Side): Point => ({
  x: side === 'L' ? HALF / 2 : HALF + HALF / 2,
  y: DIAGRAM_VIEWBOX.height - 14,
});

function toView(view: DiagramView, side: Side, p: Point): Point {
  const { dx, sx } = handPlacement(view, side);
  return { x: Math.round((dx + sx * p.x) * 10) / 10, y: Math.round((ORIGIN_Y + p.y) * 10) / 10 };
}

/** A shape in local coordinates, before it is given its id and placed. */
interface LocalShape {
  view: DiagramView;
  element: ShapeElement;
  attributes: Record<string, string>;
  label: Point;
}

const ellipse = (view: DiagramView, e: EllipseSpec): LocalShape => ({
  view,
  element: 'ellipse',
  attributes: {
    cx: String(round(e.c.x)),
    cy: String(round(e.c.y)),
    rx: String(round(e.rx)),
    ry: String(round(e.ry)),
    ...(e.angle ? { transform: `rotate(${e.angle} ${round(e.c.x)} ${round(e.c.y)})` } : {}),
  },
  label: e.c,
});

const polyline = (view: DiagramView, points: readonly Point[]): LocalShape => ({
  view,
  element: 'polyline',
  attributes: { points: polylinePoints(points) },
  label: polylineMidpoint(points),
});

/** A rounded band along a finger from `t0` to `t1` on its axis (tendon sheaths). */
function fingerBand(view: DiagramView, f: Finger, t0: number, t1: number, width: number): LocalShape {
  const start = fingerPoint(f, t0);
  return {
    view,
    element: 'rect',
    attributes: {
      x: String(-width / 2),
      y: String(-round(t1 - t0)),
      width: String(width),
      height: String(round(t1 - t0)),
      rx: String(width / 2),
      transform: `translate(${fmt(start)}) rotate(${fingerAngle(f)})`,
    },
    label: fingerPoint(f, (t0 + t1) / 2),
  };
}

const rect = (
  view: DiagramView,
  r: { x: number; y: number; width: number; height: number },
  radius: number,
): LocalShape => ({
  view,
  element: 'rect',
  attributes: {
    x: String(r.x),
    y: String(r.y),
    width: String(r.width),
    height: String(r.height),
    rx: String(radius),
  },
  label: { x: r.x + r.width / 2, y: r.y + r.height / 2 },
});

/** The bone of segment `i` of a finger between `from` and `to` (fractions of its length), as a capsule. */
function bone(f: Finger, i: number, from: number, to: number): LocalShape {
  const [s, e] = segmentBounds(f, i);
  const t0 = s + (e - s) * from + (from === 0 ? JOINT_GAP / 2 : 1);
  const t1 = s + (e - s) * to - (to === 1 ? JOINT_GAP / 2 : 1);
  const w = segmentWidth(f, i);
  return {
    view: 'dorsal',
    element: 'path',
    attributes: { d: capsulePath(fingerPoint(f, t0), fingerPoint(f, t1), w, w * 0.92) },
    label: fingerPoint(f, (t0 + t1) / 2),
  };
}

/** The joint at the distal end of segment `i`, across the gap to the next bone. */
function fingerJoint(f: Finger, i: number): LocalShape {
  const t = segmentBounds(f, i)[1];
  return ellipse('dorsal', {
    c: fingerPoint(f, t),
    rx: segmentWidth(f, i) / 2 + 3,
    ry: JOINT_GAP / 2 + 0.5,
    angle: fingerAngle(f),
  });
}

type WebSpace = 1 | 2 | 3 | 4;
const WEB_SPACES: readonly WebSpace[] = [1, 2, 3, 4];
const nextFinger = (k: WebSpace) => (k + 1) as Finger;

const mcpT = (f: Finger) => segmentBounds(f, 0)[1];
const offsetOf = (f: Finger) => segmentWidth(f, 1) / 2 + 4;

/** Where each web space's common digital artery divides, just proximal to the web between fingers K and K+1. */
function webPoint(k: WebSpace): Point {
  const a = fingerPoint(k, mcpT(k) + 2);
  const b = fingerPoint(nextFinger(k), mcpT(nextFinger(k)) + 2);
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 + 8 };
}

/** Common digital artery K: from the superficial arch (the first web space's from the deep arch) to web space K. */
function commonDigitalArtery(k: WebSpace): LocalShape {
  const web = webPoint(k);
  return polyline('palmar', [k === 1 ? (DEEP_ARCH[0] as Point) : nearest(SUPERFICIAL_ARCH, web), web]);
}

function nearest(points: readonly Point[], to: Point): Point {
  return points.reduce((best, p) =>
    Math.hypot(p.x - to.x, p.y - to.y) < Math.hypot(best.x - to.x, best.y - to.y) ? p : best,
  );
}

/** Where a proper digital artery comes from: its web space's division, or an arch for the border digits. */
function digitalOrigin(f: Finger, edge: 'radial' | 'ulnar'): Point {
  if (f === 1 && edge === 'radial') return DEEP_ARCH[0] as Point; // princeps pollicis, off the radial artery
  if (f === 5 && edge === 'ulnar') return SUPERFICIAL_ARCH[1] as Point;
  return webPoint((edge === 'radial' ? f - 1 : f) as WebSpace);
}

function properDigitalArtery(f: Finger, edge: 'radial' | 'ulnar'): LocalShape {
  const sign = edge === 'radial' ? 1 : -1;
  const off = offsetOf(f) * sign;
  const last = segmentCount(f) - 1;
  return polyline('palmar', [
    digitalOrigin(f, edge),
    fingerPoint(f, mcpT(f) + 6, off),
    fingerPoint(f, segmentBounds(f, last)[0], off * 0.9),
    fingerPoint(f, fingerLength(f) - 6, off * 0.55),
  ]);
}

/** Dorsal digital veins: along the ulnar side of the proximal phalanx, then between the metacarpals. */
function dorsalVein(f: Finger): LocalShape {
  const off = -offsetOf(f) - 2; // clear of the joint outlines
  const mcp = mcpT(f);
  // Into the gap between this metacarpal head and the next one's (the little finger's: along its ulnar border).
  const here = fingerPoint(f, mcp - 22, off);
  const next =
    f === 5
      ? fingerPoint(f, mcp - 22, off + 2)
      : fingerPoint(nextFinger(f), mcp - 22, offsetOf(nextFinger(f)));
  const between = { x: (here.x + next.x) / 2, y: (here.y + next.y) / 2 };
  return polyline('dorsal', [
    fingerPoint(f, segmentBounds(f, 1)[1] - 4, off),
    fingerPoint(f, mcp + 4, off),
    between,
    { x: between.x, y: between.y + (f === 1 ? 15 : 45) },
  ]);
}

function fingerShapes(f: Finger): [string, LocalShape][] {
  const mc = mcpT(f);
  const last = segmentCount(f) - 1;
  const phalanges = f === 1 ? ['proximal', 'distal'] : ['proximal', 'middle', 'distal'];
  const interphalangeal = f === 1 ? ['IP1'] : [`PIP${f}`, `DIP${f}`];
  return [
    [`bone.mc${f}.base`, bone(f, 0, 0, 0.5)],
    [`bone.mc${f}.head`, bone(f, 0, 0.5, 1)],
    ...phalanges.map((name, i): [string, LocalShape] => [`bone.phalanx.${name}.${f}`, bone(f, i + 1, 0, 1)]),
    [`MCP${f}`, fingerJoint(f, 0)],
    ...interphalangeal.map((id, i): [string, LocalShape] => [id, fingerJoint(f, i + 1)]),
    [`tendon.flexor.${f}`, fingerBand('palmar', f, mc - 14, segmentBounds(f, last)[0] + 4, 9)],
    [`artery.digital.${f}.radial`, properDigitalArtery(f, 'radial')],
    [`artery.digital.${f}.ulnar`, properDigitalArtery(f, 'ulnar')],
    [`vein.digital.${f}`, dorsalVein(f)],
  ];
}

/** Every pooled id's shape, in local coordinates. */
const LOCAL_SHAPES: ReadonlyMap<string, LocalShape> = new Map<string, LocalShape>([
  ['bone.radius', { view: 'dorsal', element: 'path', attributes: { d: RADIUS_PATH }, label: RADIUS_LABEL }],
  ['bone.ulna', { view: 'dorsal', element: 'path', attributes: { d: ULNA_PATH }, label: ULNA_LABEL }],
  ...Object.entries(CARPALS).map(([name, e]): [string, LocalShape] => [`bone.${name}`, ellipse('dorsal', e)]),
  ...Object.entries(WRIST_JOINTS).map(([id, e]): [string, LocalShape] => [id, ellipse('dorsal', e)]),
  [
    'CMC1',
    ellipse('dorsal', {
      c: fingerPoint(1, 0),
      rx: segmentWidth(1, 0) / 2 + 3,
      ry: 3.5,
      angle: fingerAngle(1),
    }),
  ],
  ...EXTENSOR_COLUMNS.map(([x, width], i): [string, LocalShape] => [
    `tendon.extensor.${i + 1}`,
    rect('dorsal', { x, width, ...EXTENSOR_ROW }, 4),
  ]),
  ['tendon.flexor.wrist', rect('palmar', CARPAL_TUNNEL, 12)],
  ['artery.radial', polyline('palmar', RADIAL_ARTERY)],
  ['artery.ulnar', polyline('palmar', ULNAR_ARTERY)],
  ['artery.arch.deep', polyline('palmar', DEEP_ARCH)],
  ['artery.arch.superficial', polyline('palmar', SUPERFICIAL_ARCH)],
  ...FINGER_NUMBERS.flatMap(fingerShapes),
  ...WEB_SPACES.map((k): [string, LocalShape] => [`artery.common-digital.${k}`, commonDigitalArtery(k)]),
]);

/** Drawing order within a view: later shapes lie on top. */
const LAYERS: Record<DiagramView, readonly StructureKind[]> = {
  dorsal: ['bone', 'joint', 'tendon', 'vein'],
  palmar: ['tendon', 'artery'],
};

const SHAPES: Record<DiagramView, readonly DiagramShape[]> = {
  dorsal: buildShapes('dorsal'),
  palmar: buildShapes('palmar'),
};

function buildShapes(view: DiagramView): readonly DiagramShape[] {
  return LAYERS[view].flatMap((kind) =>
    HAND_ANATOMY.filter((s) => s.kind === kind).flatMap((s) => {
      const local = LOCAL_SHAPES.get(s.pooledId);
      if (!local || local.view !== view) return [];
      return [
        Object.freeze({
          id: s.id,
          side: s.side,
          kind: s.kind,
          view,
          element: local.element,
          attributes: Object.freeze({ ...local.attributes }),
          labelPoint: toView(view, s.side, local.label),
        }),
      ];
    }),
  );
}

/** The shapes of a view, both hands, in drawing order (bones under joints under tendons under vessels). */
export function diagramShapes(view: DiagramView): readonly DiagramShape[] {
  return SHAPES[view];
}

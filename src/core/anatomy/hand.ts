/**
 * The structures of both hands that readings are recorded against, in anatomical order, with their English and
 * French labels and whether OMERACT RAMRIS scores them.
 *
 * Sources (see also /work/shared/reference/hand-mri-reading.md):
 * - RAMRIS sites: Østergaard M et al., J Rheumatol 2003;30:1385-6 (synovitis: distal radioulnar, radiocarpal,
 *   intercarpal-CMC, MCP2-5; erosion and oedema: distal radius and ulna, the 8 carpals, metacarpal bases 1-5,
 *   metacarpal heads 2-5 and proximal phalangeal bases 2-5, i.e. 23 bones); the EULAR-OMERACT reference image atlases,
 *   Ann Rheum Dis 2005;64 Suppl 1 (wrist: Ejbjerg; MCP: Conaghan).
 * - Tenosynovitis sites: Glinatsi D et al., J Rheumatol 2017 (the 6 extensor and the flexor compartments of the
 *   wrist, the flexor tendons at MCP2-5).
 * - Extensor compartment contents and vascular anatomy: Gray's Anatomy, chapter "Wrist and hand".
 * - French terms: the international nomenclature (Terminologia Anatomica) as taught in French (lunatum, capitatum,
 *   hamatum, ulna, IPP/IPD), with the older names in brackets where readers still use them.
 * The study also records the sites 7 T makes readable beyond RAMRIS (thumb, PIP, DIP, phalanges…): `ramris` false.
 *
 * Order: right hand then left; within a hand joints, bones, tendon sites, arteries, veins; within a kind from the
 * wrist to the fingertips, and across a row from the thumb to the little finger. The reading form's tab order follows
 * this order, so it is part of the contract.
 */
import type { AnatomyStructure, Finger, Side, StructureKind } from './types.ts';

/** French adjective agreement: masculine/feminine, singular/plural. */
type Gender = 'm' | 'f' | 'mp' | 'fp';

/**
 * A side-free structure. `en` is prefixed with "Right"/"Left"; in `fr`, `{s}` stands for "droit(e)(s)", agreed with
 * the head noun's gender.
 */
interface SiteDef {
  pooledId: string;
  kind: StructureKind;
  en: string;
  fr: string;
  gender: Gender;
  finger: Finger | null;
  ramris: boolean;
}

const FINGERS: readonly Finger[] = [1, 2, 3, 4, 5];
const LONG_FINGERS: readonly Finger[] = [2, 3, 4, 5];

const FR_SIDE: Record<Side, Record<Gender, string>> = {
  R: { m: 'droit', f: 'droite', mp: 'droits', fp: 'droites' },
  L: { m: 'gauche', f: 'gauche', mp: 'gauches', fp: 'gauches' },
};
const EN_SIDE: Record<Side, string> = { R: 'Right', L: 'Left' };

const enFinger = (n: Finger) => (n === 1 ? 'finger 1 (thumb)' : `finger ${n}`);
const frFinger = (n: Finger) => (n === 1 ? '1er doigt (pouce)' : `${n}e doigt`);
const frOrdinal = (n: number) => (n === 1 ? '1er' : `${n}e`);
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;

function site(
  pooledId: string,
  kind: StructureKind,
  en: string,
  fr: string,
  gender: Gender,
  options: { finger?: Finger; ramris?: boolean } = {},
): SiteDef {
  return { pooledId, kind, en, fr, gender, finger: options.finger ?? null, ramris: options.ramris ?? false };
}

/** Joints, proximal row first. RAMRIS synovitis sites: DRUJ, RC, MC (its intercarpal-CMC region), MCP2-5. */
const JOINTS: readonly SiteDef[] = [
  site('DRUJ', 'joint', 'distal radioulnar joint', 'Articulation radio-ulnaire distale {s}', 'f', {
    ramris: true,
  }),
  site('RC', 'joint', 'radiocarpal joint', 'Articulation radiocarpienne {s}', 'f', { ramris: true }),
  site(
    'MC',
    'joint',
    'midcarpal (intercarpal) joint',
    'Articulation médiocarpienne {s} (intercarpienne)',
    'f',
    {
      ramris: true,
    },
  ),
  site(
    'CMC1',
    'joint',
    'CMC 1 joint (trapeziometacarpal)',
    'Articulation CMC 1 {s} (trapézo-métacarpienne)',
    'f',
    {
      finger: 1,
    },
  ),
  // RAMRIS scores the CMC2-5 joints inside its intercarpal-CMC region (MC here); recorded apart, they are an extension.
  site('CMC2-5', 'joint', 'CMC 2–5 joints', 'Articulations carpo-métacarpiennes 2–5 {s}', 'fp'),
  ...FINGERS.map((n) =>
    site(`MCP${n}`, 'joint', `MCP ${n} joint`, `Articulation MCP ${n} {s}`, 'f', {
      finger: n,
      ramris: n !== 1,
    }),
  ),
  site('IP1', 'joint', 'IP 1 joint (thumb)', 'Articulation IP 1 {s} (pouce)', 'f', { finger: 1 }),
  // French: IPP/IPD, interphalangienne proximale/distale.
  ...LONG_FINGERS.map((n) =>
    site(`PIP${n}`, 'joint', `PIP ${n} joint`, `Articulation IPP ${n} {s}`, 'f', { finger: n }),
  ),
  ...LONG_FINGERS.map((n) =>
    site(`DIP${n}`, 'joint', `DIP ${n} joint`, `Articulation IPD ${n} {s}`, 'f', { finger: n }),
  ),
];

const CARPALS: readonly [string, string, string][] = [
  // Proximal row, radial to ulnar, then distal row.
  ['scaphoid', 'scaphoid', 'Scaphoïde {s}'],
  ['lunate', 'lunate', 'Lunatum {s} (semi-lunaire)'],
  ['triquetrum', 'triquetrum', 'Triquetrum {s} (pyramidal)'],
  ['pisiform', 'pisiform', 'Pisiforme {s}'],
  ['trapezium', 'trapezium', 'Trapèze {s}'],
  ['trapezoid', 'trapezoid', 'Trapézoïde {s}'],
  ['capitate', 'capitate', 'Capitatum {s} (grand os)'],
  ['hamate', 'hamate', 'Hamatum {s} (os crochu)'],
];

/** RAMRIS bones: radius, ulna, carpals, MC bases 1-5, MC heads 2-5, proximal phalanx bases 2-5 (23). */
const BONES: readonly SiteDef[] = [
  site('bone.radius', 'bone', 'distal radius', 'Radius distal {s}', 'm', { ramris: true }),
  site('bone.ulna', 'bone', 'distal ulna', 'Ulna distal {s}', 'm', { ramris: true }),
  ...CARPALS.map(([id, en, fr]) => site(`bone.${id}`, 'bone', en, fr, 'm', { ramris: true })),
  ...FINGERS.map((n) =>
    site(`bone.mc${n}.base`, 'bone', `metacarpal ${n} base`, `Base du ${frOrdinal(n)} métacarpien {s}`, 'm', {
      finger: n,
      ramris: true,
    }),
  ),
  ...FINGERS.map((n) =>
    site(`bone.mc${n}.head`, 'bone', `metacarpal ${n} head`, `Tête du ${frOrdinal(n)} métacarpien {s}`, 'm', {
      finger: n,
      ramris: n !== 1,
    }),
  ),
  // RAMRIS scores the base of the proximal phalanges 2-5; the site is the whole phalanx at 7 T.
  ...FINGERS.map((n) =>
    site(
      `bone.phalanx.proximal.${n}`,
      'bone',
      `proximal phalanx, ${enFinger(n)}`,
      `Phalange proximale {s}, ${frFinger(n)}`,
      'f',
      { finger: n, ramris: n !== 1 },
    ),
  ),
  ...LONG_FINGERS.map((n) =>
    site(
      `bone.phalanx.middle.${n}`,
      'bone',
      `middle phalanx, ${enFinger(n)}`,
      `Phalange moyenne {s}, ${frFinger(n)}`,
      'f',
      {
        finger: n,
      },
    ),
  ),
  ...FINGERS.map((n) =>
    site(
      `bone.phalanx.distal.${n}`,
      'bone',
      `distal phalanx, ${enFinger(n)}`,
      `Phalange distale {s}, ${frFinger(n)}`,
      'f',
      {
        finger: n,
      },
    ),
  ),
];

/** Dorsal extensor compartments, radial to ulnar, with their tendons. */
const EXTENSOR_COMPARTMENTS: readonly [string, string][] = [
  ['APL, EPB', 'long abducteur et court extenseur du pouce'],
  ['ECRL, ECRB', 'long et court extenseurs radiaux du carpe'],
  ['EPL', 'long extenseur du pouce'],
  ['EDC, EIP', 'extenseur des doigts et extenseur de l’index'],
  ['EDM', 'extenseur du petit doigt'],
  ['ECU', 'extenseur ulnaire du carpe'],
];

/** Glinatsi 2017: every wrist compartment and the flexor tendons at MCP2-5 are RAMRIS tenosynovitis sites. */
const TENDONS: readonly SiteDef[] = [
  ...EXTENSOR_COMPARTMENTS.map(([en, fr], i) =>
    site(
      `tendon.extensor.${i + 1}`,
      'tendon',
      `extensor compartment ${ROMAN[i]} (${en})`,
      `Compartiment des extenseurs ${ROMAN[i]} {s} (${fr})`,
      'm',
      { ramris: true },
    ),
  ),
  site(
    'tendon.flexor.wrist',
    'tendon',
    'flexor tendons at the wrist (carpal tunnel)',
    'Tendons fléchisseurs {s} au poignet (canal carpien)',
    'mp',
    { ramris: true },
  ),
  ...FINGERS.map((n) =>
    site(
      `tendon.flexor.${n}`,
      'tendon',
      `flexor tendon sheath, ${enFinger(n)}`,
      `Gaine des fléchisseurs {s}, ${frFinger(n)}`,
      'f',
      { finger: n, ramris: n !== 1 },
    ),
  ),
];

const WEB_SPACES: readonly [string, string][] = [
  ['thumb–index', 'pouce–index'],
  ['index–middle', 'index–majeur'],
  ['middle–ring', 'majeur–annulaire'],
  ['ring–little', 'annulaire–auriculaire'],
];

/**
 * Arteries from the forearm to the fingertips. The deep arch lies proximal to the superficial one (metacarpal bases
 * against mid-palm), hence its place first. The first web space's vessel is, strictly, the first palmar metacarpal
 * artery (from the deep arch); it holds the place of common digital artery 1 in the id scheme.
 */
const ARTERIES: readonly SiteDef[] = [
  site('artery.radial', 'artery', 'radial artery', 'Artère radiale {s}', 'f'),
  site('artery.ulnar', 'artery', 'ulnar artery', 'Artère ulnaire {s}', 'f'),
  site('artery.arch.deep', 'artery', 'deep palmar arch', 'Arcade palmaire profonde {s}', 'f'),
  site(
    'artery.arch.superficial',
    'artery',
    'superficial palmar arch',
    'Arcade palmaire superficielle {s}',
    'f',
  ),
  ...WEB_SPACES.map(([en, fr], i) =>
    site(
      `artery.common-digital.${i + 1}`,
      'artery',
      `common palmar digital artery, web space ${i + 1} (${en})`,
      `Artère digitale palmaire commune {s}, ${frOrdinal(i + 1)} espace interdigital (${fr})`,
      'f',
    ),
  ),
  ...FINGERS.flatMap((n) =>
    (['radial', 'ulnar'] as const).map((edge) =>
      site(
        `artery.digital.${n}.${edge}`,
        'artery',
        `proper palmar digital artery, ${edge} side, ${enFinger(n)}`,
        `Artère digitale palmaire propre {s}, côté ${edge === 'radial' ? 'radial' : 'ulnaire'}, ${frFinger(n)}`,
        'f',
        { finger: n },
      ),
    ),
  ),
];

const VEINS: readonly SiteDef[] = FINGERS.map((n) =>
  site(
    `vein.digital.${n}`,
    'vein',
    `dorsal digital veins, ${enFinger(n)}`,
    `Veines digitales dorsales {s}, ${frFinger(n)}`,
    'fp',
    { finger: n },
  ),
);

const SITES: readonly SiteDef[] = [...JOINTS, ...BONES, ...TENDONS, ...ARTERIES, ...VEINS];

function structureOf(side: Side, def: SiteDef): AnatomyStructure {
  return {
    id: `${side}.${def.pooledId}`,
    side,
    kind: def.kind,
    pooledId: def.pooledId,
    label: { en: `${EN_SIDE[side]} ${def.en}`, fr: def.fr.replace('{s}', FR_SIDE[side][def.gender]) },
    finger: def.finger,
    ramris: def.ramris,
  };
}

export const HAND_ANATOMY: readonly AnatomyStructure[] = Object.freeze(
  (['R', 'L'] as const).flatMap((side) => SITES.map((def) => Object.freeze(structureOf(side, def)))),
);

const BY_ID: ReadonlyMap<string, AnatomyStructure> = new Map(HAND_ANATOMY.map((s) => [s.id, s]));

export function isAnatomyId(value: unknown): value is string {
  return typeof value === 'string' && BY_ID.has(value);
}

export function structureById(id: string): AnatomyStructure | undefined {
  return BY_ID.get(id);
}

function known(id: string): AnatomyStructure {
  const structure = BY_ID.get(id);
  if (!structure) throw new Error(`Unknown hand structure: ${id}`);
  return structure;
}

/** The side-free id (`R.MCP2` → `MCP2`), the site of left and right pooled. Throws on an unknown id. */
export function pooledId(id: string): string {
  return known(id).pooledId;
}

const POOLED_LABELS: ReadonlyMap<string, { en: string; fr: string }> = new Map(
  SITES.map((def) => [
    def.pooledId,
    { en: def.en.charAt(0).toUpperCase() + def.en.slice(1), fr: def.fr.replace(' {s}', '') },
  ]),
);

/** The label of a structure with left and right pooled (`MCP2` → "Metacarpophalangeal joint 2"). Throws on an unknown id. */
export function pooledLabel(pooledId: string): { en: string; fr: string } {
  const label = POOLED_LABELS.get(pooledId);
  if (!label) throw new Error(`Unknown pooled hand structure: ${pooledId}`);
  return label;
}

/** Throws on an unknown id. */
export function sideOf(id: string): Side {
  return known(id).side;
}

/** The structures of one kind and/or side, in anatomical order. */
export function structuresOf(filter: { kind?: StructureKind; side?: Side }): readonly AnatomyStructure[] {
  return HAND_ANATOMY.filter(
    (s) =>
      (filter.kind === undefined || s.kind === filter.kind) &&
      (filter.side === undefined || s.side === filter.side),
  );
}

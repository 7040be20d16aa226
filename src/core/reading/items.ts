/**
 * The hand-MRI reading form as data: every item a radiologist scores, where it is scored, its scale with labels in
 * English and French, the published source of the scale, what "normal" is (for the bulk "all normal" actions) and
 * what counts as a lesion. Validation, completeness, derived results, consensus and agreement all read this table,
 * so a scale is written once. What is scored and why: ../shared/reference/hand-mri-reading.md. The file is long
 * because it is that table, one entry per item; reading values on a scale is ./scale.ts.
 */
import type { LocalizedText } from '../study/protocol.ts';

export const ITEM_IDS = [
  'synovitis',
  'effusion',
  'erosion',
  'bone_oedema',
  'tenosynovitis',
  'acro_osteolysis',
  'calcinosis',
  'flexor_thickening',
  'artery_status',
  'artery_reach',
  'radial_patency',
  'ulnar_patency',
  'superficial_arch_patency',
  'deep_arch_patency',
  'avascular_areas',
  'venous_return',
  'image_quality',
] as const;
export type ItemId = (typeof ITEM_IDS)[number];

const ITEM_ID_SET: ReadonlySet<string> = new Set(ITEM_IDS);
export const isItemId = (value: string): value is ItemId => ITEM_ID_SET.has(value);

/**
 * Where an item is scored. Anatomy sites are every structure of a kind, optionally only those whose side-free id
 * starts with a prefix (`bone.phalanx.distal.`) or is one of a list (`artery.radial`). `hand` is the whole hand
 * (`R.hand`), `calcinosis_region` the digits and regions of ./sites.ts, `series` one image series (`series:<uid>`).
 */
export type SiteSelector =
  | {
      scope: 'anatomy';
      kind: 'joint' | 'bone' | 'tendon' | 'artery' | 'vein';
      pooledPrefix?: string;
      pooledIds?: readonly string[];
    }
  | { scope: 'hand' }
  | { scope: 'calcinosis_region' }
  | { scope: 'series' };

/** An ordinal grade min…max; the lesion threshold is `lesionFrom` (a lesion is present at grade ≥ lesionFrom). */
export interface GradeScale {
  type: 'integer';
  min: number;
  max: number;
  lesionFrom: number;
  normal: number;
  help?: LocalizedText;
}

/** Present / absent (or yes / no): `abnormal` is the answer that is a finding. */
export interface BooleanScale {
  type: 'boolean';
  yes: LocalizedText;
  no: LocalizedText;
  abnormal: boolean;
  normal: boolean;
}

/**
 * A choice among options. `rank` orders the options from normal (0) to the most abnormal; options ranked 0 are not a
 * finding. `ordinal` says whether the options are ordered quantities (weighted agreement) or only categories.
 */
export interface ChoiceScale {
  type: 'choice';
  options: readonly { value: string; label: LocalizedText; rank: number }[];
  ordinal: boolean;
  normal: string;
}

export type ItemScale = GradeScale | BooleanScale | ChoiceScale;

/**
 * The kappa weighting for inter-reader agreement. Quadratic for the graded scores (RAMRIS grades, avascular area
 * counts): quadratically weighted kappa equals the intraclass correlation (Fleiss & Cohen, Educ Psychol Meas
 * 1973;33:613-9), the statistic OMERACT's RAMRIS reliability exercises report, so the figures compare with theirs.
 * Linear for ordered categories that are not amounts (artery reach, image quality): one step apart is one
 * category apart, whatever the step. None for yes/no and unordered choices.
 */
export type Weighting = 'none' | 'linear' | 'quadratic';

export interface ReadingItem {
  id: ItemId;
  label: LocalizedText;
  section: LocalizedText;
  sites: SiteSelector;
  scale: ItemScale;
  /** Primary outcome (lesion presence): a disagreement on presence at a site needs adjudication by default. */
  primary: boolean;
  weighting: Weighting;
  citation: string;
}

const text = (en: string, fr: string): LocalizedText => ({ en, fr });
const option = (value: string, rank: number, en: string, fr: string) => ({
  value,
  rank,
  label: text(en, fr),
});

const RAMRIS_2003 =
  'Østergaard M et al. OMERACT rheumatoid arthritis magnetic resonance imaging studies. Core set of MRI acquisitions, joint pathology definitions, and the OMERACT RA-MRI scoring system. J Rheumatol 2003;30:1385-6.';
const RAMRIS_2017 = `${RAMRIS_2003} Østergaard M et al. The OMERACT Rheumatoid Arthritis Magnetic Resonance Imaging (MRI) Scoring System: updated recommendations by the OMERACT MRI in Arthritis Working Group. J Rheumatol 2017;44:1706-12.`;
const GLINATSI_2017 =
  'Glinatsi D et al. Development and validation of the OMERACT rheumatoid arthritis magnetic resonance tenosynovitis scoring system in a multireader exercise. J Rheumatol 2017;44:1688-93.';
const ALLANORE_2007 =
  'Allanore Y et al. Hand vascular involvement assessed by magnetic resonance angiography in systemic sclerosis. Arthritis Rheum 2007;56:2747-54.';
const LEYDEN_CHANG_2019 =
  'Leyden/Chang classification of radial and ulnar artery patency at the wrist, J Hand Surg Am 2019;44:990 (as ../shared/reference/hand-mri-reading.md cites it).';
const SSC_PRESENCE =
  'No standard MRI grading exists for this systemic sclerosis finding; recorded present or absent per site (../shared/reference/hand-mri-reading.md).';

const OSTEOARTICULAR = text('Joints, bones and tendons', 'Articulations, os et tendons');
const SSC_SPECIFIC = text('Systemic sclerosis findings', 'Atteintes de la sclérodermie');
const ARTERIES = text('Arteries', 'Artères');
const VEINS = text('Veins', 'Veines');
const QUALITY = text('Image quality', "Qualité d'image");

const grade = (max: number, help?: LocalizedText): GradeScale => ({
  type: 'integer',
  min: 0,
  max,
  lesionFrom: 1,
  normal: 0,
  ...(help ? { help } : {}),
});
const presence: BooleanScale = {
  type: 'boolean',
  yes: text('Present', 'Présent'),
  no: text('Absent', 'Absent'),
  abnormal: true,
  normal: false,
};
const patency: ChoiceScale = {
  type: 'choice',
  options: [option('patent', 0, 'Patent', 'Perméable'), option('occluded', 1, 'Occluded', 'Occluse')],
  ordinal: false,
  normal: 'patent',
};

const THIRDS = text(
  '0 none; 1, 2, 3: up to a third, two thirds, more than two thirds of the maximum',
  "0 absent ; 1, 2, 3 : jusqu'au tiers, aux deux tiers, au-delà des deux tiers du maximum",
);

export const READING_ITEMS: readonly ReadingItem[] = [
  {
    id: 'synovitis',
    label: text('Synovitis', 'Synovite'),
    section: OSTEOARTICULAR,
    sites: { scope: 'anatomy', kind: 'joint' },
    scale: grade(3, THIRDS),
    primary: true,
    weighting: 'quadratic',
    citation: RAMRIS_2017,
  },
  {
    id: 'effusion',
    label: text('Intra-articular swelling (effusion)', 'Épanchement intra-articulaire'),
    section: OSTEOARTICULAR,
    sites: { scope: 'anatomy', kind: 'joint' },
    scale: grade(3, THIRDS),
    primary: true,
    weighting: 'quadratic',
    citation: `Graded like RAMRIS synovitis, by thirds. ${RAMRIS_2003}`,
  },
  {
    id: 'erosion',
    label: text('Bone erosion', 'Érosion osseuse'),
    section: OSTEOARTICULAR,
    sites: { scope: 'anatomy', kind: 'bone' },
    scale: grade(
      10,
      text(
        'Eroded share of the assessed bone volume, in 10 % steps',
        'Part érodée du volume osseux évalué, par 10 %',
      ),
    ),
    primary: true,
    weighting: 'quadratic',
    citation: RAMRIS_2017,
  },
  {
    id: 'bone_oedema',
    label: text('Bone marrow oedema', 'Œdème osseux'),
    section: OSTEOARTICULAR,
    sites: { scope: 'anatomy', kind: 'bone' },
    scale: grade(
      3,
      text(
        '0 none; 1: 1-33 %; 2: 34-66 %; 3: 67-100 % of the bone',
        "0 absent ; 1 : 1-33 % ; 2 : 34-66 % ; 3 : 67-100 % de l'os",
      ),
    ),
    primary: true,
    weighting: 'quadratic',
    citation: RAMRIS_2017,
  },
  {
    id: 'tenosynovitis',
    label: text('Tenosynovitis', 'Ténosynovite'),
    section: OSTEOARTICULAR,
    sites: { scope: 'anatomy', kind: 'tendon' },
    scale: grade(
      3,
      text(
        'Peritendinous effusion or enhancement: 0 none; 1 < 1.5 mm; 2 1.5 to < 3 mm; 3 ≥ 3 mm',
        'Épanchement ou rehaussement péritendineux : 0 absent ; 1 < 1,5 mm ; 2 de 1,5 à < 3 mm ; 3 ≥ 3 mm',
      ),
    ),
    primary: true,
    weighting: 'quadratic',
    citation: GLINATSI_2017,
  },
  {
    id: 'acro_osteolysis',
    label: text('Acro-osteolysis', 'Acro-ostéolyse'),
    section: SSC_SPECIFIC,
    sites: { scope: 'anatomy', kind: 'bone', pooledPrefix: 'bone.phalanx.distal.' },
    scale: presence,
    primary: false,
    weighting: 'none',
    citation: SSC_PRESENCE,
  },
  {
    id: 'calcinosis',
    label: text('Calcinosis', 'Calcinose'),
    section: SSC_SPECIFIC,
    sites: { scope: 'calcinosis_region' },
    scale: presence,
    primary: false,
    weighting: 'none',
    citation: SSC_PRESENCE,
  },
  {
    id: 'flexor_thickening',
    label: text('Flexor tendon thickening', 'Épaississement des tendons fléchisseurs'),
    section: SSC_SPECIFIC,
    sites: { scope: 'anatomy', kind: 'tendon', pooledPrefix: 'tendon.flexor.' },
    scale: presence,
    primary: false,
    weighting: 'none',
    citation: SSC_PRESENCE,
  },
  {
    id: 'artery_status',
    label: text('Proper digital artery', 'Artère digitale propre'),
    section: ARTERIES,
    sites: { scope: 'anatomy', kind: 'artery', pooledPrefix: 'artery.digital.' },
    // Ranked by severity; "not visible" (no opacified lumen at all) ranks above a visible occlusion.
    scale: {
      type: 'choice',
      options: [
        option('normal', 0, 'Normal', 'Normale'),
        option('thin', 1, 'Thin', 'Grêle'),
        option('occluded', 2, 'Occluded', 'Occluse'),
        option('not_visible', 3, 'Not visible', 'Non visible'),
      ],
      ordinal: false,
      normal: 'normal',
    },
    primary: false,
    weighting: 'none',
    citation: ALLANORE_2007,
  },
  {
    id: 'artery_reach',
    label: text('Most distal segment reached', 'Segment le plus distal atteint'),
    section: ARTERIES,
    sites: { scope: 'anatomy', kind: 'artery', pooledPrefix: 'artery.digital.' },
    // Scored only when the artery is visible; the thumb has no middle phalanx (./sites.ts).
    scale: {
      type: 'choice',
      options: [
        option('proximal', 2, 'Proximal phalanx', 'Phalange proximale'),
        option('middle', 1, 'Middle phalanx', 'Phalange moyenne'),
        option('distal', 0, 'Distal phalanx', 'Phalange distale'),
      ],
      ordinal: true,
      normal: 'distal',
    },
    primary: false,
    weighting: 'linear',
    citation: ALLANORE_2007,
  },
  {
    id: 'radial_patency',
    label: text('Radial artery', 'Artère radiale'),
    section: ARTERIES,
    sites: { scope: 'anatomy', kind: 'artery', pooledIds: ['artery.radial'] },
    scale: patency,
    primary: false,
    weighting: 'none',
    citation: LEYDEN_CHANG_2019,
  },
  {
    id: 'ulnar_patency',
    label: text('Ulnar artery', 'Artère ulnaire'),
    section: ARTERIES,
    sites: { scope: 'anatomy', kind: 'artery', pooledIds: ['artery.ulnar'] },
    scale: patency,
    primary: false,
    weighting: 'none',
    citation: LEYDEN_CHANG_2019,
  },
  {
    id: 'superficial_arch_patency',
    label: text('Superficial palmar arch', 'Arcade palmaire superficielle'),
    section: ARTERIES,
    sites: { scope: 'anatomy', kind: 'artery', pooledIds: ['artery.arch.superficial'] },
    scale: patency,
    primary: false,
    weighting: 'none',
    citation: LEYDEN_CHANG_2019,
  },
  {
    id: 'deep_arch_patency',
    label: text('Deep palmar arch', 'Arcade palmaire profonde'),
    section: ARTERIES,
    sites: { scope: 'anatomy', kind: 'artery', pooledIds: ['artery.arch.deep'] },
    scale: patency,
    primary: false,
    weighting: 'none',
    citation: LEYDEN_CHANG_2019,
  },
  {
    id: 'avascular_areas',
    label: text('Avascular areas', 'Zones avasculaires'),
    section: ARTERIES,
    sites: { scope: 'hand' },
    scale: { type: 'integer', min: 0, max: 20, lesionFrom: 1, normal: 0 },
    primary: false,
    weighting: 'quadratic',
    citation: ALLANORE_2007,
  },
  {
    id: 'venous_return',
    label: text(
      'Venous return visible as far as the proximal phalanx',
      "Retour veineux visible jusqu'à la phalange proximale",
    ),
    section: VEINS,
    sites: { scope: 'anatomy', kind: 'vein' },
    scale: { type: 'boolean', yes: text('Yes', 'Oui'), no: text('No', 'Non'), abnormal: false, normal: true },
    primary: false,
    weighting: 'none',
    citation: ALLANORE_2007,
  },
  {
    id: 'image_quality',
    label: text('Image quality', "Qualité d'image"),
    section: QUALITY,
    sites: { scope: 'series' },
    scale: {
      type: 'choice',
      options: [
        option('diagnostic', 0, 'Diagnostic', 'Diagnostique'),
        option('limited', 1, 'Limited', 'Limitée'),
        option('non_diagnostic', 2, 'Non-diagnostic', 'Non diagnostique'),
      ],
      ordinal: true,
      normal: 'diagnostic',
    },
    primary: false,
    weighting: 'linear',
    citation: 'Per series, as reading platforms record it (../shared/reference/reading-workstation.md §5).',
  },
];

const BY_ID = new Map(READING_ITEMS.map((item) => [item.id, item]));

export function readingItem(id: ItemId): ReadingItem {
  const item = BY_ID.get(id);
  if (!item) throw new Error(`No reading item ${id}`);
  return item;
}

export type FindingValue = number | boolean | string;

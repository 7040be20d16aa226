import type { Side } from '../../core/anatomy/types.ts';
import type { Finding } from '../../core/reading/findings.ts';
import { createRandom, type Random } from '../../core/sodium/random.ts';
import type { Arm } from '../../core/study/protocol.ts';
import type { HandLesion, LesionItem } from '../../imaging/demo/hand-model.ts';

/**
 * The lesions of each demo participant's hands: drawn once, by arm, at the prevalences of earlier SSc hand-MRI
 * studies (../shared/reference/hand-mri-reading.md: Akbayrak 2013, Stamenkovic 2022, Allanore 2007), the same set
 * drawn into the synthetic images and recorded by the demo readers, so what a reader sees is what was read.
 * Deterministic: the same seed always gives the same lesions.
 */

/** Per participant: the chance of at least one lesion of the type, and how many sites and which grades it takes. */
interface LesionPlan {
  item: LesionItem;
  prevalence: Record<Arm, number>;
  /** Side-free anatomy ids the lesion is drawn at, the most typical first (chosen more often). */
  sites: readonly string[];
  maxSites: Record<Arm, number>;
  maxGrade: Record<Arm, number>;
}

/**
 * SSc: erosions ~60 %, bone oedema ~40 %, synovitis ~70 %, tenosynovitis ~30 %, effusion ~50 %, at least one
 * abnormal proper digital artery ~90 % (Allanore: 92 %, 61 % with four or more). Controls: low-grade synovitis of one
 * joint in ~20 % (as in healthy volunteers at high field), other findings rare, digital arteries normal.
 * Erosions and oedema cluster in the proximal carpal row, the lunate first (Akbayrak).
 */
const PLANS: readonly LesionPlan[] = [
  {
    item: 'erosion',
    prevalence: { ssc: 0.6, control: 0.05 },
    sites: ['bone.lunate', 'bone.scaphoid', 'bone.triquetrum', 'bone.capitate', 'bone.mc2.head', 'bone.ulna'],
    maxSites: { ssc: 3, control: 1 },
    maxGrade: { ssc: 3, control: 1 },
  },
  {
    item: 'bone_oedema',
    prevalence: { ssc: 0.4, control: 0.05 },
    sites: ['bone.lunate', 'bone.capitate', 'bone.scaphoid', 'bone.radius', 'bone.hamate'],
    maxSites: { ssc: 2, control: 1 },
    maxGrade: { ssc: 2, control: 1 },
  },
  {
    item: 'synovitis',
    prevalence: { ssc: 0.7, control: 0.2 },
    sites: ['RC', 'MCP2', 'MC', 'MCP3', 'PIP2', 'PIP3', 'DRUJ'],
    maxSites: { ssc: 4, control: 1 },
    maxGrade: { ssc: 3, control: 1 },
  },
  {
    item: 'tenosynovitis',
    prevalence: { ssc: 0.3, control: 0.05 },
    sites: [
      'tendon.flexor.wrist',
      'tendon.extensor.4',
      'tendon.flexor.2',
      'tendon.extensor.6',
      'tendon.flexor.3',
    ],
    maxSites: { ssc: 2, control: 1 },
    maxGrade: { ssc: 2, control: 1 },
  },
  {
    item: 'effusion',
    prevalence: { ssc: 0.5, control: 0.1 },
    sites: ['RC', 'MCP2', 'MCP3', 'PIP3', 'MC'],
    maxSites: { ssc: 2, control: 1 },
    maxGrade: { ssc: 2, control: 1 },
  },
  {
    item: 'artery_occlusion',
    prevalence: { ssc: 0.9, control: 0 },
    sites: [2, 3, 4, 5, 1].flatMap((f) => [`artery.digital.${f}.ulnar`, `artery.digital.${f}.radial`]),
    maxSites: { ssc: 6, control: 1 },
    maxGrade: { ssc: 3, control: 1 },
  },
];

/** 1…max, lower values likelier (weights max, max−1, …, 1). */
function pickCount(random: Random, max: number): number {
  const total = (max * (max + 1)) / 2;
  let u = random.uniform() * total;
  for (let n = 1; n < max; n++) {
    u -= max + 1 - n;
    if (u < 0) return n;
  }
  return max;
}

/** Distinct sites, the typical ones first more often: a weighted draw without replacement. */
function pickSites(random: Random, sites: readonly string[], count: number): string[] {
  const pool = sites.map((site, i) => ({ site, weight: 1 / (i + 1) }));
  const picked: string[] = [];
  while (picked.length < count && pool.length > 0) {
    let u = random.uniform() * pool.reduce((sum, s) => sum + s.weight, 0);
    const index = Math.max(
      0,
      pool.findIndex((s) => (u -= s.weight) < 0),
    );
    picked.push(pool.splice(index, 1)[0]!.site);
  }
  return picked;
}

/** The lesions of one participant, on either hand; an empty list is a normal exam. */
export function demoLesions(arm: Arm, seed: number): HandLesion[] {
  const random = createRandom(seed, 11);
  const lesions: HandLesion[] = [];
  for (const plan of PLANS) {
    if (random.uniform() >= plan.prevalence[arm]) continue;
    const sites = pickSites(random, plan.sites, pickCount(random, plan.maxSites[arm]));
    for (const pooled of sites) {
      const side: Side = random.uniform() < 0.55 ? 'R' : 'L';
      const site = `${side}.${pooled}`;
      if (lesions.some((l) => l.site === site && l.item === plan.item)) continue;
      lesions.push({ site, item: plan.item, grade: pickCount(random, plan.maxGrade[arm]) });
    }
  }
  return lesions;
}

/**
 * How a reader records a lesion on the form: the grade of the same item at the same site, and for a digital
 * artery whose distal third or two thirds carry no flow an occlusion reaching the middle or the proximal phalanx
 * (the thumb has no middle phalanx), for an artery with no flow at all "not visible" (its reach is not scored).
 */
export function lesionFindings(lesions: readonly HandLesion[]): Finding[] {
  return lesions.flatMap((lesion): Finding[] => {
    if (lesion.item !== 'artery_occlusion')
      return [{ site: lesion.site, item: lesion.item, value: lesion.grade }];
    if (lesion.grade >= 3) return [{ site: lesion.site, item: 'artery_status', value: 'not_visible' }];
    const thumb = lesion.site.includes('.digital.1.');
    return [
      { site: lesion.site, item: 'artery_status', value: 'occluded' },
      {
        site: lesion.site,
        item: 'artery_reach',
        value: lesion.grade === 2 || thumb ? 'proximal' : 'middle',
      },
    ];
  });
}

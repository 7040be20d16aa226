/**
 * Secondary vascular outcomes by arm. Arteries: each proper digital artery (abnormal: thin, occluded or not visible),
 * the radial and ulnar arteries and the palmar arches (abnormal: occluded), per hand and with the hands pooled;
 * each finger with an abnormal digital artery; participants with any, and with four or more, abnormal digital
 * arteries (Allanore 2007); the Leyden/Chang type of each hand. Veins: participants, hands and fingers with no
 * venous return visible as far as the proximal phalanx. Hands and fingers are nested in participants, so their
 * tests treat them as independent units: read them as descriptive.
 */
import type { Side } from '../anatomy/types.ts';
import { pooledLabel } from '../anatomy/hand.ts';
import { leydenChangType } from '../reading/derive.ts';
import { sidesOf } from '../reading/findings.ts';
import { readingItem, type FindingValue, type ItemId } from '../reading/items.ts';
import { sitesOf, type ReadingSite } from '../reading/sites.ts';
import { ARMS, type Arm, type LocalizedText } from '../study/protocol.ts';
import { compareProportions, proportion } from './compare.ts';
import { compactValueReader, type ParticipantInput } from './input.ts';
import { tableTest } from './summaries.ts';
import type {
  ArterialOutcomes,
  CountingUnit,
  DistributionRow,
  SecondaryBinaryRow,
  VenousOutcomes,
} from './types.ts';

type Value = FindingValue | undefined;
/** Per analysed participant: the arm, the sides imaged and how to read a field of the final reading. */
interface Subject {
  arm: Arm;
  sides: Side[];
  value: (site: string, item: ItemId) => Value;
}

/** A yes/no per unit, or null when the unit's value is missing. */
type Outcome = boolean | null;

const ARTERY_CHECKS: readonly { item: ItemId; abnormal: (v: FindingValue) => boolean }[] = [
  { item: 'artery_status', abnormal: (v) => v !== 'normal' },
  { item: 'radial_patency', abnormal: (v) => v === 'occluded' },
  { item: 'ulnar_patency', abnormal: (v) => v === 'occluded' },
  { item: 'superficial_arch_patency', abnormal: (v) => v === 'occluded' },
  { item: 'deep_arch_patency', abnormal: (v) => v === 'occluded' },
];
const anyOf = (outcomes: readonly Outcome[]): Outcome =>
  outcomes.includes(true) ? true : outcomes.includes(null) ? null : false;

type ArmTally = Record<Arm, { n: number; N: number; missing: number }>;

/**
 * Per arm: the units with the outcome (n), those with a known value (N) and those missing, over the outcomes of
 * each subject (one unit each, or one per hand or finger). One pass, no list of units: the arterial outcomes count
 * about a hundred rows over every analysed participant.
 */
function tally<S extends { arm: Arm }>(
  subjects: readonly S[],
  outcomes: (s: S) => Outcome | readonly Outcome[],
): ArmTally {
  const counts = Object.fromEntries(ARMS.map((arm) => [arm, { n: 0, N: 0, missing: 0 }])) as ArmTally;
  const add = (arm: Arm, outcome: Outcome) => {
    const c = counts[arm];
    if (outcome === null) c.missing += 1;
    else {
      c.N += 1;
      if (outcome) c.n += 1;
    }
  };
  for (const s of subjects) {
    const o = outcomes(s);
    if (Array.isArray(o)) for (const unit of o as readonly Outcome[]) add(s.arm, unit);
    else add(s.arm, o as Outcome);
  }
  return counts;
}

function row(
  id: string,
  label: LocalizedText,
  unit: CountingUnit,
  side: Side | null,
  counts: ArmTally,
  level: number,
  oddsRatio = false,
): SecondaryBinaryRow {
  return {
    id,
    label,
    unit,
    side,
    ...compareProportions(
      {
        ssc: counts.ssc,
        control: counts.control,
        missing: { ssc: counts.ssc.missing, control: counts.control.missing },
      },
      level,
      { oddsRatio },
    ),
  };
}

const subjectsOf = (analysed: readonly ParticipantInput[]): Subject[] =>
  analysed.flatMap((p) =>
    p.exam?.final
      ? [{ arm: p.arm, sides: sidesOf(p.exam.hands), value: compactValueReader(p.exam.final) }]
      : [],
  );

/** Every (item, site) of the arterial checks on each side, in form order. */
const ARTERIAL_SITES: Record<Side, { check: (typeof ARTERY_CHECKS)[number]; site: ReadingSite }[]> = {
  R: ARTERY_CHECKS.flatMap((check) =>
    sitesOf(readingItem(check.item), ['R']).map((site) => ({ check, site })),
  ),
  L: ARTERY_CHECKS.flatMap((check) =>
    sitesOf(readingItem(check.item), ['L']).map((site) => ({ check, site })),
  ),
};
const arterialSites = (side: Side) => ARTERIAL_SITES[side];

const arteryOutcome = (s: Subject, check: (typeof ARTERY_CHECKS)[number], siteId: string): Outcome => {
  const v = s.value(siteId, check.item);
  return v === undefined ? null : check.abnormal(v);
};

const FINGERS = [1, 2, 3, 4, 5] as const;
const DIGITAL_SITES: Record<Side, ReadingSite[]> = {
  R: sitesOf(readingItem('artery_status'), ['R']),
  L: sitesOf(readingItem('artery_status'), ['L']),
};
/** The digital artery sites of each side, per finger (index 0 unused). */
const DIGITAL_SITES_BY_FINGER: Record<Side, ReadingSite[][]> = {
  R: [[], ...FINGERS.map((finger) => DIGITAL_SITES.R.filter((site) => site.finger === finger))],
  L: [[], ...FINGERS.map((finger) => DIGITAL_SITES.L.filter((site) => site.finger === finger))],
};
const digitalSites = (side: Side, finger?: number): ReadingSite[] =>
  finger === undefined ? DIGITAL_SITES[side] : (DIGITAL_SITES_BY_FINGER[side][finger] ?? []);

const digitalOutcomes = (s: Subject, side: Side, finger?: number): Outcome[] =>
  digitalSites(side, finger).map((site) => arteryOutcome(s, ARTERY_CHECKS[0]!, site.id));

const FINGER_LABELS: Record<number, LocalizedText> = {
  1: { en: 'Thumb', fr: 'Pouce' },
  2: { en: 'Index finger', fr: 'Index' },
  3: { en: 'Middle finger', fr: 'Majeur' },
  4: { en: 'Ring finger', fr: 'Annulaire' },
  5: { en: 'Little finger', fr: 'Auriculaire' },
};
const SIDE_LABELS: Record<Side, LocalizedText> = {
  R: { en: 'right', fr: 'droit' },
  L: { en: 'left', fr: 'gauche' },
};
const sided = (label: LocalizedText, side: Side): LocalizedText => ({
  en: `${label.en}, ${SIDE_LABELS[side].en}`,
  fr: `${label.fr}, ${SIDE_LABELS[side].fr}`,
});

export function arterialOutcomes(analysed: readonly ParticipantInput[], level: number): ArterialOutcomes {
  const subjects = subjectsOf(analysed);
  const onSide: Record<Side, Subject[]> = {
    R: subjects.filter((s) => s.sides.includes('R')),
    L: subjects.filter((s) => s.sides.includes('L')),
  };
  const arteries: SecondaryBinaryRow[] = [];
  for (const side of ['R', 'L'] as const)
    for (const { check, site } of arterialSites(side))
      arteries.push(
        row(
          site.id,
          site.label,
          'artery',
          side,
          tally(onSide[side], (s) => arteryOutcome(s, check, site.id)),
          level,
        ),
      );
  for (const { check, site } of arterialSites('R')) {
    const siteOn: Record<Side, string> = { R: `R.${site.pooledId}`, L: `L.${site.pooledId}` };
    arteries.push(
      row(
        site.pooledId,
        pooledLabel(site.pooledId),
        'participant',
        null,
        tally(subjects, (s) => anyOf(s.sides.map((side) => arteryOutcome(s, check, siteOn[side])))),
        level,
      ),
    );
  }
  const fingers: SecondaryBinaryRow[] = [];
  for (const side of ['R', 'L'] as const)
    for (const finger of FINGERS)
      fingers.push(
        row(
          `${side}.finger.${finger}`,
          sided(FINGER_LABELS[finger]!, side),
          'finger',
          side,
          tally(onSide[side], (s) => anyOf(digitalOutcomes(s, side, finger))),
          level,
        ),
      );
  for (const finger of FINGERS)
    fingers.push(
      row(
        `finger.${finger}`,
        FINGER_LABELS[finger]!,
        'participant',
        null,
        tally(subjects, (s) => anyOf(s.sides.flatMap((side) => digitalOutcomes(s, side, finger)))),
        level,
      ),
    );
  // Each participant's digital arteries, read once for the three rows below.
  const digital = new Map(subjects.map((s) => [s, s.sides.flatMap((side) => digitalOutcomes(s, side))]));
  const digitalOf = (s: Subject) => digital.get(s) as Outcome[];
  const abnormalCount = (s: Subject): number | null => {
    const all = digitalOf(s);
    return all.includes(null) ? null : all.filter(Boolean).length;
  };
  const participants = [
    row(
      'digital.any',
      {
        en: 'At least one abnormal proper digital artery',
        fr: 'Au moins une artère digitale propre anormale',
      },
      'participant',
      null,
      tally(subjects, (s) => anyOf(digitalOf(s))),
      level,
      true,
    ),
    row(
      'digital.4_or_more',
      {
        en: 'Four or more abnormal proper digital arteries',
        fr: 'Quatre artères digitales propres anormales ou plus',
      },
      'participant',
      null,
      tally(subjects, (s) => {
        const count = abnormalCount(s);
        return count === null ? null : count >= 4;
      }),
      level,
      true,
    ),
    row(
      'arterial.any',
      {
        en: 'Any arterial abnormality (digital, wrist or palmar arch)',
        fr: 'Toute anomalie artérielle (digitale, poignet ou arcade palmaire)',
      },
      'participant',
      null,
      tally(subjects, (s) =>
        anyOf(
          s.sides.flatMap((side) =>
            arterialSites(side).map(({ check, site }) => arteryOutcome(s, check, site.id)),
          ),
        ),
      ),
      level,
      true,
    ),
  ];
  return { arteries, fingers, participants, leydenChang: leydenChangDistribution(subjects, level) };
}

function leydenChangDistribution(subjects: readonly Subject[], level: number): DistributionRow {
  const types = [1, 2, 3, 4] as const;
  const counts: Record<Arm, number[]> = { ssc: [0, 0, 0, 0], control: [0, 0, 0, 0] };
  const missing: Record<Arm, number> = { ssc: 0, control: 0 };
  for (const s of subjects)
    for (const side of s.sides) {
      const type = leydenChangType(
        s.value(`${side}.artery.radial`, 'radial_patency'),
        s.value(`${side}.artery.ulnar`, 'ulnar_patency'),
      );
      if (type === null) missing[s.arm] += 1;
      else (counts[s.arm][type - 1] as number) += 1;
    }
  const total = (arm: Arm) => counts[arm].reduce((a, b) => a + b, 0);
  const test = tableTest([counts.ssc, counts.control]);
  return {
    categories: types.map((type, i) => ({
      value: String(type),
      label: { en: `Type ${type}`, fr: `Type ${type}` },
      ssc: proportion(counts.ssc[i] as number, total('ssc'), level),
      control: proportion(counts.control[i] as number, total('control'), level),
    })),
    unit: 'hand',
    missing,
    test: test?.test ?? null,
    pValue: test?.pValue ?? null,
  };
}

const NO_RETURN: LocalizedText = {
  en: 'No venous return visible as far as the proximal phalanx',
  fr: "Pas de retour veineux visible jusqu'à la phalange proximale",
};

export function venousOutcomes(analysed: readonly ParticipantInput[], level: number): VenousOutcomes {
  const subjects = subjectsOf(analysed);
  const veinSite: Record<Side, string[]> = {
    R: FINGERS.map((f) => `R.vein.digital.${f}`),
    L: FINGERS.map((f) => `L.vein.digital.${f}`),
  };
  const fingerOutcome = (s: Subject, side: Side, finger: number): Outcome => {
    const v = s.value(veinSite[side][finger - 1] as string, 'venous_return');
    return v === undefined ? null : v === false;
  };
  const handOutcome = (s: Subject, side: Side) => anyOf(FINGERS.map((f) => fingerOutcome(s, side, f)));
  const labelFor = (what: string, fr: string): LocalizedText => ({
    en: `${NO_RETURN.en} (${what})`,
    fr: `${NO_RETURN.fr} (${fr})`,
  });
  return {
    participants: row(
      'participants',
      labelFor('participants, any finger', 'participants, au moins un doigt'),
      'participant',
      null,
      tally(subjects, (s) => anyOf(s.sides.map((side) => handOutcome(s, side)))),
      level,
      true,
    ),
    hands: row(
      'hands',
      labelFor('hands, any finger', 'mains, au moins un doigt'),
      'hand',
      null,
      tally(subjects, (s) => s.sides.map((side) => handOutcome(s, side))),
      level,
    ),
    fingers: row(
      'fingers',
      labelFor('fingers', 'doigts'),
      'finger',
      null,
      tally(subjects, (s) => s.sides.flatMap((side) => FINGERS.map((f) => fingerOutcome(s, side, f)))),
      level,
    ),
    byFinger: FINGERS.map((f) =>
      row(
        `finger.${f}`,
        FINGER_LABELS[f]!,
        'participant',
        null,
        tally(subjects, (s) => anyOf(s.sides.map((side) => fingerOutcome(s, side, f)))),
        level,
      ),
    ),
  };
}

/** A participant's arterial involvement, for the correlations: any arterial abnormality, and the abnormal digital arteries. */
export function arterialInvolvement(p: ParticipantInput): { any: Outcome; digitalCount: number | null } {
  const [s] = subjectsOf([p]);
  if (!s) return { any: null, digitalCount: null };
  const digital = s.sides.flatMap((side) => digitalOutcomes(s, side));
  const all = s.sides.flatMap((side) =>
    arterialSites(side).map(({ check, site }) => arteryOutcome(s, check, site.id)),
  );
  return { any: anyOf(all), digitalCount: digital.includes(null) ? null : digital.filter(Boolean).length };
}

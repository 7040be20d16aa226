import { booleanItem, integerItem, text } from '../item-builders.ts';
import type {
  BooleanItem,
  BooleanScreening,
  InstrumentDefinition,
  ItemDef,
  ItemValues,
  LocalizedText,
  ScoreOutput,
} from '../types.ts';
import { missingItems } from '../validate.ts';
import { protocolCitation } from './common.ts';

/**
 * Screening instruments: eligibility per arm and 7 T MRI safety. Each item carries its own rule (the answer that
 * excludes, or that calls for a precaution), so the score is generic: `eligible` when every item is answered and
 * none excludes, `reasons` the excluding items by id, `precautions` the answered caution items.
 */
export const PROTOCOL_CITATION = protocolCitation('eligibility criteria');

export const INCLUSION = text('Inclusion criteria', 'Critères d’inclusion');
export const EXCLUSION = text('Exclusion criteria', 'Critères de non-inclusion');

export const excludesIf = (when: boolean): BooleanScreening => ({ effect: 'excludes', when });
export const cautionIf = (when: boolean): BooleanScreening => ({ effect: 'caution', when });

/** A yes/no screening question with its rule and help. */
export const screeningItem = (
  id: string,
  en: string,
  fr: string,
  help: [en: string, fr: string],
  screening: BooleanScreening,
  section: LocalizedText,
): BooleanItem => booleanItem(id, en, fr, { help: text(...help), screening, section });

function ruleMatches(item: ItemDef, value: unknown): BooleanScreening['effect'] | null {
  if (item.type === 'boolean' && item.screening && value === item.screening.when)
    return item.screening.effect;
  if (item.type === 'integer' && item.screening && typeof value === 'number' && value < item.screening.below)
    return item.screening.effect;
  return null;
}

export function scoreScreening(definition: InstrumentDefinition, values: ItemValues): ScoreOutput {
  const missing = missingItems(definition, values);
  const reasons: string[] = [];
  const precautions: string[] = [];
  for (const item of definition.items) {
    const effect = ruleMatches(item, values[item.id]);
    if (effect === 'excludes') reasons.push(item.id);
    else if (effect === 'caution') precautions.push(item.id);
  }
  const eligible = reasons.length === 0 && missing.length === 0;
  return {
    total: null,
    complete: missing.length === 0,
    missing,
    // An excluding answer decides on its own; otherwise every item must be answered before eligibility is known.
    interpretation: reasons.length ? 'not_eligible' : eligible ? 'eligible' : 'incomplete',
    eligible,
    reasons,
    precautions,
  };
}

/**
 * The answers that pass every rule: each boolean opposite to its rule, each threshold at its (inclusive) limit.
 * What an eligible, precaution-free participant answers, for tests and synthetic data.
 */
export function favourableAnswers(definition: InstrumentDefinition): Record<string, boolean | number> {
  const answers: Record<string, boolean | number> = {};
  for (const item of definition.items) {
    if (item.type === 'boolean' && item.screening) answers[item.id] = !item.screening.when;
    if (item.type === 'integer' && item.screening) answers[item.id] = item.screening.below;
  }
  return answers;
}

export function screeningInstrument(
  base: Omit<InstrumentDefinition, 'kind' | 'score' | 'version'>,
): InstrumentDefinition {
  const definition: InstrumentDefinition = {
    ...base,
    version: '1.0.0',
    kind: 'scored',
    score: ({ values }) => scoreScreening(definition, values),
  };
  return definition;
}

/** Inclusion criteria common to both arms (protocol: "for both"). */
export const COMMON_INCLUSION: readonly ItemDef[] = [
  integerItem('age_years', 'Age', 'Âge', 0, 120, {
    unit: 'years',
    section: INCLUSION,
    screening: { effect: 'excludes', below: 18 },
    help: text('In completed years at inclusion', 'En années révolues à l’inclusion'),
  }),
  screeningItem(
    'written_consent',
    'Written informed consent signed',
    'Consentement éclairé écrit signé',
    ['Required before any study procedure', 'Requis avant toute procédure de l’étude'],
    excludesIf(false),
    INCLUSION,
  ),
  screeningItem(
    'social_insurance',
    'Affiliated to a social security scheme',
    'Affilié(e) à un régime de sécurité sociale',
    ['Required to take part in research in France', 'Requise pour participer à une recherche en France'],
    excludesIf(false),
    INCLUSION,
  ),
];

/** Exclusion criteria common to both arms, including the comfort conditions of the protocol. */
export const COMMON_EXCLUSION: readonly ItemDef[] = (
  [
    [
      'mri_7t_contraindication',
      'Absolute contraindication to 7 T MRI',
      'Contre-indication absolue à l’IRM 7 T',
      ['As found by the 7 T MRI safety screening form', 'Selon le questionnaire de sécurité IRM 7 T'],
    ],
    [
      'acute_cardiac_or_respiratory_failure',
      'Acute cardiac and/or respiratory failure',
      'Insuffisance cardiaque et/ou respiratoire aiguë',
      [
        'Health condition not allowing the 7 T MRI in sufficient comfort',
        'État de santé ne permettant pas l’IRM 7 T dans des conditions de confort suffisantes',
      ],
    ],
    [
      'cannot_hold_prone_position',
      'Unable to hold the prone position',
      'Impossibilité de maintenir le procubitus',
      [
        'The hands are imaged in the prone position, arms above the head',
        'Les mains sont examinées en procubitus, bras au-dessus de la tête',
      ],
    ],
    [
      'bedridden',
      'Bedridden',
      'Personne grabataire',
      [
        'Health condition not allowing the 7 T MRI in sufficient comfort',
        'État de santé ne permettant pas l’IRM 7 T dans des conditions de confort suffisantes',
      ],
    ],
    [
      'claustrophobia',
      'Claustrophobia',
      'Claustrophobie',
      [
        'Health condition not allowing the 7 T MRI in sufficient comfort',
        'État de santé ne permettant pas l’IRM 7 T dans des conditions de confort suffisantes',
      ],
    ],
    [
      'other_comfort_condition',
      'Other health condition not allowing the 7 T MRI in sufficient comfort',
      'Autre état de santé ne permettant pas l’IRM 7 T dans des conditions de confort suffisantes',
      ['At the investigator’s judgement', 'Selon l’appréciation de l’investigateur'],
    ],
    [
      'under_guardianship',
      'Under tutorship or guardianship',
      'Sous tutelle ou curatelle',
      ['Legal protection measure', 'Mesure de protection juridique'],
    ],
    [
      'reinforced_protection',
      'Under reinforced protection: minor, or deprived of liberty by judicial or administrative decision',
      'Personne bénéficiant d’une protection renforcée : mineur, ou privé(e) de liberté par décision judiciaire ou administrative',
      ['Protected person in research', 'Personne protégée au titre de la recherche'],
    ],
    [
      'pregnant_or_breastfeeding',
      'Pregnant or breastfeeding',
      'Grossesse ou allaitement en cours',
      ['Excludes in both arms', 'Exclut dans les deux bras'],
    ],
  ] as const
).map(([id, en, fr, help]) => screeningItem(id, en, fr, [...help], excludesIf(true), EXCLUSION));

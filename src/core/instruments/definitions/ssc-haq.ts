import { numberItem, text } from '../item-builders.ts';
import type { InstrumentDefinition, NumberItem } from '../types.ts';
import { missingItems } from '../validate.ts';
import { HAQ_CITATIONS, HAQ_ITEMS, HAQ_VARIANTS, haqDisability } from './haq-di.ts';

/**
 * Scleroderma HAQ: the HAQ disability index plus visual analogue scales for the manifestations of systemic
 * sclerosis, each marked on a 15 cm line and scored cm ÷ 5 (0-3), reported beside the index and not added to it.
 * Steen VD, Medsger TA Jr. The value of the Health Assessment Questionnaire and special patient-generated scales to
 * demonstrate change in systemic sclerosis patients over time. Arthritis Rheum 1997;40:1984-91.
 */
const LINE_CM = 15;
/** 15 cm map onto 0-3: one point per 5 cm, divided once so the result is the double nearest cm / 5. */
const CM_PER_POINT = 5;

const VAS: readonly [key: string, en: string, fr: string][] = [
  [
    'pain',
    'How much pain have you had because of your illness in the past week?',
    'Quelle douleur avez-vous ressentie à cause de votre maladie au cours de la semaine écoulée ?',
  ],
  [
    'raynaud',
    'In the past week, how much has Raynaud’s phenomenon interfered with your activities?',
    'Au cours de la semaine écoulée, à quel point le phénomène de Raynaud a-t-il gêné vos activités ?',
  ],
  [
    'digital_ulcers',
    'In the past week, how much have finger ulcers interfered with your activities?',
    'Au cours de la semaine écoulée, à quel point les ulcères des doigts ont-ils gêné vos activités ?',
  ],
  [
    'gastrointestinal',
    'In the past week, how much have intestinal problems interfered with your activities?',
    'Au cours de la semaine écoulée, à quel point les troubles digestifs ont-ils gêné vos activités ?',
  ],
  [
    'breathing',
    'In the past week, how much have breathing problems interfered with your activities?',
    'Au cours de la semaine écoulée, à quel point les troubles respiratoires ont-ils gêné vos activités ?',
  ],
  [
    'overall',
    'In the past week, how severe would you rate your disease overall?',
    'Au cours de la semaine écoulée, quelle a été la sévérité globale de votre maladie ?',
  ],
];

const vasId = (key: string) => `vas_${key}_cm`;

const VAS_ITEMS: NumberItem[] = VAS.map(([key, en, fr]) =>
  numberItem(vasId(key), en, fr, 0, LINE_CM, {
    unit: 'cm',
    decimals: 1,
    section: text('Visual analogue scales', 'Échelles visuelles analogiques'),
    help: text(
      'Distance in cm from the left end (none) of the 15 cm line; scored cm ÷ 5 (0-3)',
      'Distance en cm depuis l’extrémité gauche (aucune gêne) de la ligne de 15 cm ; cotée cm ÷ 5 (0-3)',
    ),
  }),
);

export const sscHaq: InstrumentDefinition = {
  id: 'ssc-haq',
  version: '1.0.0',
  title: text('Scleroderma Health Assessment Questionnaire (SHAQ)', 'HAQ sclérodermie (SHAQ)'),
  citations: [
    ...HAQ_CITATIONS,
    'Steen VD, Medsger TA Jr. The value of the Health Assessment Questionnaire and special patient-generated scales to demonstrate change in systemic sclerosis patients over time. Arthritis Rheum 1997;40:1984-91.',
  ],
  kind: 'scored',
  items: [...HAQ_ITEMS, ...VAS_ITEMS],
  variants: HAQ_VARIANTS,
  score({ values, variant }) {
    const missing = missingItems(sscHaq, values);
    const { index, categories } = haqDisability(values, variant);
    const vas = Object.fromEntries(
      VAS.map(([key]) => {
        const cm = values[vasId(key)];
        return [key, typeof cm === 'number' ? cm / CM_PER_POINT : null];
      }),
    );
    return { total: index, complete: missing.length === 0, missing, interpretation: null, categories, vas };
  },
};

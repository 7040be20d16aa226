import { integerItem, text } from '../item-builders.ts';
import { missingItems } from '../validate.ts';
import type { InstrumentDefinition } from '../types.ts';

/**
 * Modified Rodnan skin score: skin thickness by palpation, 0 (normal) to 3 (severe), in 17 areas; total 0-51.
 * Clements PJ et al., J Rheumatol 1993;20:1892-6 and 1995;22:1281-5;
 * Khanna D et al., J Scleroderma Relat Disord 2017;2:11-18 (standardisation).
 */
const AREAS: readonly [string, string, string][] = [
  ['face', 'Face', 'Visage'],
  ['anterior_chest', 'Anterior chest', 'Thorax antérieur'],
  ['abdomen', 'Abdomen', 'Abdomen'],
  ['fingers_right', 'Fingers, right', 'Doigts, droite'],
  ['fingers_left', 'Fingers, left', 'Doigts, gauche'],
  ['hand_right', 'Dorsum of hand, right', 'Dos de la main, droite'],
  ['hand_left', 'Dorsum of hand, left', 'Dos de la main, gauche'],
  ['forearm_right', 'Forearm, right', 'Avant-bras, droit'],
  ['forearm_left', 'Forearm, left', 'Avant-bras, gauche'],
  ['upper_arm_right', 'Upper arm, right', 'Bras, droit'],
  ['upper_arm_left', 'Upper arm, left', 'Bras, gauche'],
  ['thigh_right', 'Thigh, right', 'Cuisse, droite'],
  ['thigh_left', 'Thigh, left', 'Cuisse, gauche'],
  ['leg_right', 'Lower leg, right', 'Jambe, droite'],
  ['leg_left', 'Lower leg, left', 'Jambe, gauche'],
  ['foot_right', 'Dorsum of foot, right', 'Dos du pied, droit'],
  ['foot_left', 'Dorsum of foot, left', 'Dos du pied, gauche'],
];

const SCALE_HELP = text(
  '0 normal, 1 mild, 2 moderate, 3 severe thickening',
  '0 normal, 1 épaississement léger, 2 modéré, 3 sévère',
);

export const mrss: InstrumentDefinition = {
  id: 'mrss',
  version: '1.0.0',
  title: text('Modified Rodnan skin score', 'Score de Rodnan modifié'),
  citations: [
    'Clements PJ et al. Skin thickness score in systemic sclerosis: an assessment of interobserver variability in 3 independent studies. J Rheumatol 1993;20:1892-6.',
    'Clements PJ et al. Inter and intraobserver variability of total skin thickness score (modified Rodnan TSS) in systemic sclerosis. J Rheumatol 1995;22:1281-5.',
    'Khanna D et al. Standardization of the modified Rodnan skin score for use in clinical trials of systemic sclerosis. J Scleroderma Relat Disord 2017;2:11-18.',
  ],
  kind: 'scored',
  items: AREAS.map(([id, en, fr]) => integerItem(id, en, fr, 0, 3, { help: SCALE_HELP })),
  score({ values }) {
    const missing = missingItems(mrss, values);
    const total = missing.length ? null : AREAS.reduce((sum, [id]) => sum + (values[id] as number), 0);
    return { total, complete: missing.length === 0, missing, interpretation: null };
  },
};

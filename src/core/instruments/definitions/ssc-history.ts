import { booleanItem, choice, choiceItem, dateItem, text, textItem } from '../item-builders.ts';
import type { InstrumentDefinition, ItemValues } from '../types.ts';
import { datesInOrder, decimalYearsBetween, formResult, mriDateItem } from './common.ts';

/**
 * History of systemic sclerosis. Disease duration runs from the first symptom other than Raynaud's phenomenon to the
 * MRI date, in years (days ÷ 365.25), the usual definition in SSc cohorts; Raynaud's duration likewise from its
 * onset. Cutaneous subset after LeRoy EC, Black C, Fleischmajer R, et al. Scleroderma (systemic sclerosis):
 * classification, subsets and pathogenesis. J Rheumatol 1988;15:202-5.
 */
const yearsToMri = (values: ItemValues, from: string): number | null => {
  const start = values[from];
  const mri = values.mri_date;
  return typeof start === 'string' && typeof mri === 'string' ? decimalYearsBetween(start, mri) : null;
};

export const sscHistory: InstrumentDefinition = {
  id: 'ssc-history',
  version: '1.0.0',
  title: text('History of systemic sclerosis', 'Histoire de la sclérodermie systémique'),
  citations: [
    'LeRoy EC, Black C, Fleischmajer R, et al. Scleroderma (systemic sclerosis): classification, subsets and pathogenesis. J Rheumatol 1988;15:202-5.',
  ],
  kind: 'form',
  items: [
    dateItem(
      'first_non_raynaud_symptom_date',
      'Date of the first symptom other than Raynaud’s phenomenon',
      'Date du premier symptôme autre que le phénomène de Raynaud',
      {
        help: text(
          'Start of the disease duration; if only the month is known, use the 15th',
          'Début de la durée de la maladie ; si seul le mois est connu, indiquer le 15',
        ),
      },
    ),
    dateItem(
      'raynaud_onset_date',
      'Date of onset of Raynaud’s phenomenon',
      'Date de début du phénomène de Raynaud',
      {
        optional: true,
        help: text('If only the month is known, use the 15th', 'Si seul le mois est connu, indiquer le 15'),
      },
    ),
    mriDateItem(),
    choiceItem(
      'cutaneous_subset',
      'Cutaneous subset',
      'Forme cutanée',
      [
        choice('limited', 'Limited cutaneous', 'Cutanée limitée'),
        choice('diffuse', 'Diffuse cutaneous', 'Cutanée diffuse'),
      ],
      {
        help: text(
          'LeRoy 1988: diffuse when skin thickening extends proximal to the elbows or knees or involves the trunk',
          'LeRoy 1988 : diffuse quand l’épaississement cutané dépasse les coudes ou les genoux ou atteint le tronc',
        ),
      },
    ),
    booleanItem('overlap_syndrome', 'Overlap syndrome', 'Syndrome de chevauchement', {
      help: text(
        'Systemic sclerosis associated with another defined autoimmune disease',
        'Sclérodermie systémique associée à une autre maladie auto-immune définie',
      ),
    }),
    textItem('overlap_disease', 'Associated autoimmune disease', 'Maladie auto-immune associée', 200, {
      optional: true,
      help: text('When there is an overlap syndrome', 'En cas de syndrome de chevauchement'),
    }),
  ],
  crossCheck: (values) =>
    datesInOrder(values, [
      ['first_non_raynaud_symptom_date', 'mri_date'],
      ['raynaud_onset_date', 'mri_date'],
    ]),
  score({ values }) {
    return formResult(sscHistory, values, {
      disease_duration_years: yearsToMri(values, 'first_non_raynaud_symptom_date'),
      raynaud_duration_years: yearsToMri(values, 'raynaud_onset_date'),
    });
  },
};

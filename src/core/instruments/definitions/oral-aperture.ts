import { numberItem, text } from '../item-builders.ts';
import type { InstrumentDefinition } from '../types.ts';
import { formResult, protocolCitation } from './common.ts';

/**
 * Oral aperture: interlabial distance, measured in mm as is usual at the bedside; the protocol (NCT04223817,
 * "interlabial length (cm)") reports cm, derived here by one exact division.
 */
const MM_PER_CM = 10;

export const oralAperture: InstrumentDefinition = {
  id: 'oral-aperture',
  version: '1.0.0',
  title: text('Oral aperture', 'Ouverture buccale'),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'form',
  items: [
    numberItem('interlabial_distance_mm', 'Interlabial distance', 'Distance inter-labiale', 0, 100, {
      unit: 'mm',
      decimals: 0,
      help: text(
        'Between the upper and lower lip at maximal mouth opening, measured with a ruler',
        'Entre lèvre supérieure et lèvre inférieure, bouche ouverte au maximum, mesurée à la réglette',
      ),
      soft: {
        min: 15,
        max: 80,
        message: text(
          'Unusual interlabial distance: check the value and its unit (mm)',
          'Distance inter-labiale inhabituelle : vérifier la valeur et l’unité (mm)',
        ),
      },
    }),
  ],
  score({ values }) {
    const mm = values.interlabial_distance_mm;
    return formResult(oralAperture, values, {
      interlabial_distance_cm: typeof mm === 'number' ? mm / MM_PER_CM : null,
    });
  },
};

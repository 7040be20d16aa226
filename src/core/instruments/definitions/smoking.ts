import { choice, choiceItem, numberItem, text } from '../item-builders.ts';
import type { InstrumentDefinition } from '../types.ts';
import { protocolCitation } from './common.ts';

/** Smoking status (protocol NCT04223817: "active tabagism"), with pack-years when known. */
export const smoking: InstrumentDefinition = {
  id: 'smoking',
  version: '1.0.0',
  title: text('Smoking', 'Tabagisme'),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'form',
  items: [
    choiceItem(
      'smoking_status',
      'Smoking status',
      'Statut tabagique',
      [
        choice('active', 'Active smoker', 'Fumeur actif'),
        choice('former', 'Former smoker', 'Ancien fumeur'),
        choice('never', 'Never smoker', 'Non-fumeur'),
      ],
      {
        help: text('Former: stopped for at least one year', 'Ancien fumeur : sevré depuis au moins un an'),
      },
    ),
    numberItem('pack_years', 'Cumulative smoking', 'Tabagisme cumulé', 0, 200, {
      unit: 'pack-years',
      decimals: 1,
      optional: true,
      help: text(
        'Packs of 20 cigarettes per day × years of smoking',
        'Paquets de 20 cigarettes par jour × années de tabagisme',
      ),
    }),
  ],
};

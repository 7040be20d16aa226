import { numberItem, text } from '../item-builders.ts';
import type { InstrumentDefinition } from '../types.ts';
import { protocolCitation } from './common.ts';
import { missingItems } from '../validate.ts';

/**
 * Patient's visual analogue scale of the severity of Raynaud's phenomenon, 0 (none) to 10 (extremely severe).
 * Study protocol NCT04223817 (secondary outcomes: "patient's visual scale for Raynaud's phenomenon severity");
 * instruments.md fixes the range at 0-10 (the registration says "1 to 10").
 */
export const raynaudVas: InstrumentDefinition = {
  id: 'raynaud-vas',
  version: '1.0.0',
  title: text(
    'Patient’s visual analogue scale of Raynaud’s phenomenon severity',
    'Échelle visuelle analogique de sévérité du phénomène de Raynaud (patient)',
  ),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'scored',
  items: [
    numberItem('value', 'Severity of Raynaud’s phenomenon', 'Sévérité du phénomène de Raynaud', 0, 10, {
      decimals: 1,
      help: text(
        'Marked by the patient from 0 (no Raynaud’s phenomenon) to 10 (extremely severe)',
        'Cotée par le patient de 0 (pas de phénomène de Raynaud) à 10 (extrêmement sévère)',
      ),
    }),
  ],
  score({ values }) {
    const missing = missingItems(raynaudVas, values);
    return {
      total: missing.length ? null : (values.value as number),
      complete: missing.length === 0,
      missing,
      interpretation: null,
    };
  },
};

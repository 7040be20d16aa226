import { useTranslation } from 'react-i18next';
import type { ItemDef } from '../../../../../src/core/instruments/types.ts';
import { parseNumber, type FieldDef } from '../../../lib/instrument-form.ts';
import { useInstrumentText } from '../../../lib/instrument-labels.ts';
import { EMPTY, useFormat } from '../../../lib/format.ts';

/** How a stored or typed answer reads, for locked forms and roles that do not enter data. */
export function useDisplayValue() {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const fmt = useFormat();
  function scalar(def: FieldDef | ItemDef, raw: string): string {
    if (raw === '') return EMPTY;
    switch (def.type) {
      case 'boolean':
        return raw === 'true' ? t('ecrf.yes') : raw === 'false' ? t('ecrf.no') : raw;
      case 'choice':
        return def.choices.find((c) => c.value === raw)?.label[text.language] ?? raw;
      case 'date':
        return fmt.date(raw);
      case 'integer': {
        const level = def.levels?.find((l) => String(l.value) === raw);
        const shown = `${raw}${def.unit ? ` ${def.unit}` : ''}`;
        return level ? `${shown} — ${text.text(level.label)}` : shown;
      }
      case 'number': {
        const n = parseNumber(raw);
        return `${typeof n === 'number' ? fmt.number(n) : raw}${def.unit ? ` ${def.unit}` : ''}`;
      }
      default:
        return raw;
    }
  }
  return { scalar };
}

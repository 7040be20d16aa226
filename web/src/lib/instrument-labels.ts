import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { findInstrument } from '../../../src/core/instruments/registry.ts';
import {
  MISSING_CODE_LABELS,
  type InstrumentDefinition,
  type LocalizedText,
  type MissingCode,
} from '../../../src/core/instruments/types.ts';
import { NCT04223817 } from '../../../src/core/study/protocol.ts';
import { toLanguage, type Language } from '../i18n/index.ts';

/** The label of an item, or of a field of a repeating item (`immunosuppressants[0].drug`). */
export function itemLabel(
  definition: InstrumentDefinition | undefined,
  path: string,
  language: Language,
): string {
  if (!definition) return path;
  const clean = path.replace(/^values\./, '');
  const [head = '', ...rest] = clean.split('.');
  const match = /^([^[]+)(?:\[(\d+)\])?$/.exec(head);
  const item = definition.items.find((i) => i.id === (match?.[1] ?? head));
  if (!item) return clean;
  let label = item.label[language];
  if (match?.[2] !== undefined) label += ` #${Number(match[2]) + 1}`;
  if (rest.length && item.type === 'record-list') {
    const field = item.fields.find((f) => f.id === rest[0]);
    label += ` — ${field ? field.label[language] : rest.join('.')}`;
  }
  return label;
}

/** Where an instrument is scheduled (the first visit of the protocol's form schedule). */
export function scheduledVisit(instrument: string): string | undefined {
  return NCT04223817.forms.find((f) => f.instrument === instrument)?.visit;
}

/** Texts of the instrument definitions in the current language, and the few codes the catalogs translate. */
export function useInstrumentText() {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  return useMemo(
    () => ({
      language,
      /** A label followed by a colon, as each language writes it (French: a no-break space before). */
      colon: (label: string) => (language === 'fr' ? `${label}\u00a0:` : `${label}:`),
      text: (value: LocalizedText | undefined) => (value ? value[language] : ''),
      missingCode: (code: MissingCode) => MISSING_CODE_LABELS[code][language],
      title: (instrument: string) => findInstrument(instrument)?.title[language] ?? instrument,
      item: (instrument: string, path: string) => itemLabel(findInstrument(instrument), path, language),
      /** Score interpretations are codes (`pre_obese`, `ssc`); unknown codes are shown in words. */
      interpretation: (code: string | null | undefined): string | null => {
        if (!code) return null;
        const key = `interpretation.${code}`;
        return i18n.exists(key) ? String(t(key as 'interpretation.ssc')) : code.replace(/_/g, ' ');
      },
    }),
    [t, i18n, language],
  );
}

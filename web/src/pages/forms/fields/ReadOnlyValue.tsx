import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemDef } from '../../../../../src/core/instruments/types.ts';
import type { RawValue } from '../../../lib/instrument-form.ts';
import { useInstrumentText } from '../../../lib/instrument-labels.ts';
import { EMPTY } from '../../../lib/format.ts';
import { useDisplayValue } from './useDisplayValue.ts';

/** An answer as it reads, for locked forms and roles that do not enter data. */
export function ReadOnlyValue({ item, raw, id }: { item: ItemDef; raw: RawValue; id: string }) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const display = useDisplayValue();
  let content: ReactNode;
  if (item.type === 'record-list') {
    const rows = Array.isArray(raw) ? raw : null;
    content =
      rows === null ? (
        EMPTY
      ) : rows.length === 0 ? (
        t('ecrf.listNone')
      ) : (
        <Stack gap={2} component="ol" m={0} pl="md">
          {rows.map((row, i) => (
            <Text component="li" size="sm" key={i}>
              {item.fields
                .filter((f) => (row[f.id] ?? '') !== '')
                .map((f) => `${text.colon(text.text(f.label))} ${display.scalar(f, row[f.id] ?? '')}`)
                .join(' · ')}
            </Text>
          ))}
        </Stack>
      );
  } else if (item.type === 'quantity') {
    const q = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : { value: '', unit: '' };
    content = q.value ? `${q.value} ${q.unit}` : EMPTY;
  } else {
    content = display.scalar(item, typeof raw === 'string' ? raw : '');
  }
  return (
    <Text id={id} size="sm" fw={600} component="div" className="ecrf-readonly">
      {content}
    </Text>
  );
}

import { NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ItemDef, QuantityItem, RecordListItem } from '../../../../../src/core/instruments/types.ts';
import { isDigitScale, type FieldDef } from '../../../lib/instrument-form.ts';
import { useInstrumentText } from '../../../lib/instrument-labels.ts';
import { EMPTY } from '../../../lib/format.ts';
import { DigitScale } from './DigitScale.tsx';
import { NumberText } from './NumberText.tsx';

interface ScalarProps {
  def: FieldDef | Exclude<ItemDef, RecordListItem | QuantityItem>;
  value: string;
  onChange: (value: string) => void;
  id: string;
  describedBy?: string | undefined;
  invalid: boolean;
  /** For inputs without a visible <label> (cells of a repeating record). */
  ariaLabel?: string;
}

/** The input of one scalar answer: an item, or a field of a repeating record. */
export function ScalarInput({ def, value, onChange, id, describedBy, invalid, ariaLabel }: ScalarProps) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const common = {
    id,
    'aria-describedby': describedBy || undefined,
    'aria-label': ariaLabel,
    error: invalid,
    size: 'sm' as const,
  };
  switch (def.type) {
    case 'boolean':
      return (
        <NativeSelect
          {...common}
          w={140}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={[
            { value: '', label: EMPTY },
            { value: 'true', label: t('ecrf.yes') },
            { value: 'false', label: t('ecrf.no') },
          ]}
        />
      );
    case 'choice':
      return (
        <NativeSelect
          {...common}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={[
            { value: '', label: t('forms.choose') },
            ...def.choices.map((c) => ({ value: c.value, label: text.text(c.label) })),
          ]}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          w={180}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'text':
      return def.maxLength > 200 ? (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxLength={def.maxLength}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      ) : (
        <TextInput
          {...common}
          maxLength={def.maxLength}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'integer':
      if (isDigitScale(def)) return <DigitScale {...common} item={def} value={value} onChange={onChange} />;
      return <NumberText {...common} unit={def.unit} value={value} onChange={onChange} integer />;
    case 'number':
      return <NumberText {...common} unit={def.unit} value={value} onChange={onChange} />;
    case 'integer-list': {
      const count = value.split(/[\s;,]+/).filter(Boolean).length;
      return (
        <Stack gap={2}>
          <TextInput
            {...common}
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('ecrf.listPlaceholder')}
            value={value}
            onChange={(e) => onChange(e.currentTarget.value)}
          />
          <Text size="xs" c="dimmed">
            {t('ecrf.listCount', { count })}
          </Text>
        </Stack>
      );
    }
  }
}

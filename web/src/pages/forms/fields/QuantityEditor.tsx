import { Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QuantityItem } from '../../../../../src/core/instruments/types.ts';
import { toCanonical } from '../../../../../src/core/instruments/validate.ts';
import { parseNumber, type RawQuantity } from '../../../lib/instrument-form.ts';
import { useInstrumentText } from '../../../lib/instrument-labels.ts';
import { useFormat } from '../../../lib/format.ts';

/** A value with a unit chosen from the item's units, and its value in the canonical unit once converted. */
export function QuantityEditor({
  item,
  value,
  onChange,
  id,
  describedBy,
  invalid,
}: {
  item: QuantityItem;
  value: RawQuantity;
  onChange: (value: RawQuantity) => void;
  id: string;
  describedBy: string;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const fmt = useFormat();
  const parsed = parseNumber(value.value);
  const canonical =
    typeof parsed === 'number' && Object.hasOwn(item.units, value.unit) && value.unit !== item.canonicalUnit
      ? toCanonical(item, { value: parsed, unit: value.unit })
      : null;
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        <TextInput
          id={id}
          w={120}
          size="sm"
          inputMode="decimal"
          autoComplete="off"
          value={value.value}
          error={invalid}
          aria-describedby={describedBy || undefined}
          onChange={(e) => onChange({ ...value, value: e.currentTarget.value })}
        />
        <NativeSelect
          size="sm"
          w={110}
          aria-label={t('ecrf.unitOf', { item: text.text(item.label) })}
          value={value.unit}
          error={invalid && value.value.trim() !== '' && !value.unit}
          onChange={(e) => onChange({ ...value, unit: e.currentTarget.value })}
          data={[
            { value: '', label: t('ecrf.unit') },
            ...Object.keys(item.units).map((u) => ({ value: u, label: u })),
          ]}
        />
      </Group>
      {canonical !== null && (
        <Text size="xs" c="dimmed">
          = {fmt.number(canonical)} {item.canonicalUnit}
        </Text>
      )}
    </Stack>
  );
}

import { Group, Text, TextInput } from '@mantine/core';
import type { InputAttributes } from './input-attributes.ts';

/** A number typed as text (nothing is reformatted while typing), with its unit beside it. */
export function NumberText({
  unit,
  value,
  onChange,
  integer,
  ...common
}: InputAttributes & {
  unit: string | undefined;
  value: string;
  onChange: (value: string) => void;
  integer?: boolean;
}) {
  return (
    <Group gap={6} wrap="nowrap">
      <TextInput
        {...common}
        w={120}
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {unit && (
        <Text size="sm" c="dimmed" className="ecrf-unit">
          {unit}
        </Text>
      )}
    </Group>
  );
}

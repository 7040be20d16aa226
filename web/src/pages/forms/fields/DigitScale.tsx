import { Button, Group, Text, TextInput } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import type { ItemDef } from '../../../../../src/core/instruments/types.ts';
import { useInstrumentText } from '../../../lib/instrument-labels.ts';
import type { InputAttributes } from './input-attributes.ts';

/**
 * A score of a small ordinal scale (mRSS 0-3): one digit key sets it, arrows step it, and the levels are also
 * offered as buttons for the mouse (outside the tab order: the digit field is the keyboard's way in).
 */
export function DigitScale({
  item,
  value,
  onChange,
  ...common
}: InputAttributes & {
  item: Extract<ItemDef, { type: 'integer' }>;
  value: string;
  onChange: (value: string) => void;
}) {
  const text = useInstrumentText();
  const steps = Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i);
  const current = /^\d$/.test(value) ? Number(value) : null;
  const level = item.levels?.find((l) => l.value === current);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (/^\d$/.test(event.key)) {
      event.preventDefault();
      onChange(event.key);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      const delta = event.key === 'ArrowUp' ? 1 : -1;
      const next = current === null ? (delta > 0 ? item.min : item.max) : current + delta;
      if (next >= item.min && next <= item.max) onChange(String(next));
    }
  }

  return (
    <Group gap={6} wrap="nowrap">
      <TextInput
        {...common}
        w={52}
        inputMode="numeric"
        autoComplete="off"
        maxLength={1}
        styles={{ input: { textAlign: 'center', fontWeight: 700, fontSize: 16 } }}
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={onKeyDown}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      <Group gap={2} wrap="nowrap" aria-hidden>
        {steps.map((n) => (
          <Button
            key={n}
            tabIndex={-1}
            size="compact-sm"
            w={30}
            px={0}
            variant={current === n ? 'filled' : 'default'}
            onClick={() => onChange(String(n))}
            title={text.text(item.levels?.find((l) => l.value === n)?.label) || undefined}
          >
            {n}
          </Button>
        ))}
      </Group>
      {level && (
        <Text size="xs" c="dimmed">
          {text.text(level.label)}
        </Text>
      )}
    </Group>
  );
}

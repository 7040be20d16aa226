import { NumberInput, UnstyledButton } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import type { FindingValue, ReadingItem } from '../../../../src/core/reading/items.ts';
import type { ReadingSite } from '../../../../src/core/reading/sites.ts';
import { toLanguage } from '../../i18n/index.ts';
import { useTranslation } from 'react-i18next';
import { fieldDomId, fieldOptions } from './form-model.ts';

export interface FieldInputProps {
  item: ReadingItem;
  site: ReadingSite;
  value: FindingValue | undefined;
  onChange: (value: FindingValue | null) => void;
  readOnly: boolean;
  /** Focus entered the field: the diagram outlines its structure. */
  onFocus: () => void;
}

/**
 * One field of the reading form: a radio group of buttons, a single tab stop. A digit selects the option of that
 * index (a grade's digit is the grade), the arrow keys step through the options, Delete clears the field.
 */
export function FieldInput({ item, site, value, onChange, readOnly, onFocus }: FieldInputProps) {
  const { i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  const options = fieldOptions(item, site);
  const name = `${item.label[language]}, ${site.label[language]}`;
  const id = fieldDomId(site.id, item.id);

  if (!options) {
    const scale = item.scale.type === 'integer' ? item.scale : null;
    return (
      <NumberInput
        id={id}
        aria-label={name}
        size="xs"
        w={72}
        min={scale?.min}
        max={scale?.max}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="strict"
        value={typeof value === 'number' ? value : ''}
        onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        onFocus={onFocus}
        readOnly={readOnly}
      />
    );
  }

  const selected = options.findIndex((o) => o.value === value);
  const choose = (index: number) => {
    const option = options[index];
    if (option && !readOnly) onChange(option.value);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      choose(Number(event.key));
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      event.preventDefault();
      choose(Math.min(options.length - 1, selected + 1));
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
      event.preventDefault();
      choose(Math.max(0, selected - 1));
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && !readOnly) {
      event.preventDefault();
      onChange(null);
    }
  };

  return (
    <div
      id={id}
      role="radiogroup"
      aria-label={name}
      aria-readonly={readOnly || undefined}
      tabIndex={0}
      className="reading-field"
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      {options.map((option, index) => (
        <UnstyledButton
          key={String(option.value)}
          role="radio"
          aria-checked={index === selected}
          tabIndex={-1}
          disabled={readOnly}
          className="reading-field-option"
          data-checked={index === selected || undefined}
          onClick={() => choose(index)}
        >
          {option.label[language]}
        </UnstyledButton>
      ))}
    </div>
  );
}

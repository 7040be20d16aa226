import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MISSING_CODES,
  type ItemDef,
  type MissingCode,
  type QuantityItem,
  type RecordListItem,
} from '../../../../src/core/instruments/types.ts';
import { toCanonical } from '../../../../src/core/instruments/validate.ts';
import type { DataQuery } from '../../api/forms.ts';
import {
  emptyRecord,
  isDigitScale,
  parseNumber,
  type FieldDef,
  type RawQuantity,
  type RawRecord,
  type RawValue,
} from '../../lib/instrument-form.ts';
import { useInstrumentText } from '../../lib/instrument-labels.ts';
import { EMPTY, useFormat } from '../../lib/format.ts';

export const itemInputId = (id: string) => `item-${id}`;

export interface ItemFieldProps {
  item: ItemDef;
  raw: RawValue;
  code: MissingCode | undefined;
  onValue: (id: string, value: RawValue) => void;
  onCode: (id: string, code: MissingCode | null) => void;
  /** Hard issues on the item itself (translated). */
  errors: readonly string[];
  /** Hard issues on fields of a repeating item, by path (`list[0].field`). */
  fieldErrors: ReadonlyMap<string, readonly string[]>;
  warning: string | undefined;
  readOnly: boolean;
  queries: readonly DataQuery[];
  onRaiseQuery?: (itemId: string) => void;
  /** What the score says about this answer (screening instruments). */
  flag?: 'excludes' | 'caution';
  /** The id of a help text shared by the item's group, shown above the group instead of on the item. */
  sharedHelpId?: string | undefined;
  /** The answer levels are listed above the group (the same for all its items). */
  sharedLevels?: boolean;
  /** A directly identifying value the user may not see (no identity access): shown masked. */
  masked?: boolean;
}

/** One item of a form, rendered from its definition: label and help beside the input, unit, code, messages. */
export function ItemField(props: ItemFieldProps) {
  const { item, raw, code, errors, warning, readOnly, queries, onRaiseQuery, flag } = props;
  const { t } = useTranslation();
  const text = useInstrumentText();
  const [menuOpened, setMenuOpened] = useState(false);
  const id = itemInputId(item.id);
  const helpId = props.sharedHelpId ?? `${id}-help`;
  const messageId = `${id}-message`;
  const help = item.help ? text.text(item.help) : '';
  const levels = item.type === 'integer' && !props.sharedLevels ? item.levels : undefined;
  const describedBy = [help ? helpId : null, errors.length || warning ? messageId : null]
    .filter(Boolean)
    .join(' ');
  const invalid = errors.length > 0;
  const unresolved = queries.filter((q) => q.status !== 'closed');

  /** Sets or clears the code, then puts the focus back on the item, so that Tab goes on to the next one. */
  function chooseCode(next: MissingCode | null) {
    props.onCode(item.id, next);
    window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (readOnly) return;
    if (event.altKey && (event.key === 'm' || event.key === 'M' || event.code === 'KeyM')) {
      event.preventDefault();
      setMenuOpened(true);
    }
  }

  return (
    <Box
      className="ecrf-item"
      data-item={item.id}
      data-invalid={invalid || undefined}
      data-warning={warning ? true : undefined}
      data-wide={item.type === 'record-list' || undefined}
      onKeyDown={onKeyDown}
    >
      <div className="ecrf-item-label">
        <Text component="label" htmlFor={id} size="sm" fw={600} display="block">
          {text.text(item.label)}
          {item.optional && (
            <Text component="span" size="xs" c="dimmed" fw={400}>
              {' '}
              ({t('ecrf.optional')})
            </Text>
          )}
        </Text>
        {help && !props.sharedHelpId && (
          <Text id={helpId} size="xs" c="dimmed">
            {help}
          </Text>
        )}
        {levels && (
          <Text size="xs" c="dimmed">
            {levels.map((l) => `${l.value} = ${text.text(l.label)}`).join(' · ')}
          </Text>
        )}
      </div>
      <div className="ecrf-item-input">
        {code ? (
          <Group gap="xs" wrap="nowrap">
            <Badge
              id={id}
              tabIndex={readOnly ? undefined : -1}
              variant="outline"
              color="gray"
              radius="sm"
              tt="none"
              size="lg"
              aria-describedby={describedBy || undefined}
            >
              <span className="mono">{code}</span> · {text.missingCode(code)}
            </Badge>
            {!readOnly && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => chooseCode(null)}
                aria-label={t('ecrf.clearCodeOf', { item: text.text(item.label) })}
              >
                {t('ecrf.clearCode')}
              </Button>
            )}
          </Group>
        ) : props.masked ? (
          <Text id={id} size="sm" c="dimmed" style={{ fontStyle: 'italic' }}>
            {t('ecrf.masked')}
          </Text>
        ) : readOnly ? (
          <ReadOnlyValue item={item} raw={raw} id={id} />
        ) : (
          <EditValue {...props} id={id} describedBy={describedBy} invalid={invalid} />
        )}
        {(errors.length > 0 || warning) && (
          <div id={messageId}>
            {errors.map((message) => (
              <Text key={message} size="xs" c="red.8" fw={600} role="alert">
                <span aria-hidden>✕ </span>
                {message}
              </Text>
            ))}
            {warning && !invalid && (
              <Text size="xs" c="yellow.9" fw={600} className="ecrf-warning">
                <span aria-hidden>⚠ </span>
                {t('ecrf.warningPrefix')} {warning}
              </Text>
            )}
          </div>
        )}
      </div>
      <Group className="ecrf-item-aside" gap={4} wrap="nowrap" justify="flex-end">
        {flag === 'excludes' && (
          <Badge color="red" variant="light" tt="none" radius="sm" size="sm">
            <span aria-hidden>✕ </span>
            {t('ecrf.excludes')}
          </Badge>
        )}
        {flag === 'caution' && (
          <Badge color="yellow" variant="light" tt="none" radius="sm" size="sm" c="yellow.9">
            <span aria-hidden>⚠ </span>
            {t('ecrf.caution')}
          </Badge>
        )}
        {unresolved.length > 0 && (
          <Anchor href={`#query-${unresolved[0]!.id}`} underline="never">
            <Badge color="orange" variant="filled" tt="none" radius="sm" size="sm">
              <span aria-hidden>? </span>
              {t('forms.openQueryCount', { count: unresolved.length })}
            </Badge>
          </Anchor>
        )}
        {onRaiseQuery && (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => onRaiseQuery(item.id)}
            aria-label={t('queries.raiseOn', { item: text.text(item.label) })}
          >
            {t('queries.raise')}
          </Button>
        )}
        {!readOnly && (
          <Menu opened={menuOpened} onChange={setMenuOpened} position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                tabIndex={-1}
                aria-label={t('ecrf.missingMenuOf', { item: text.text(item.label) })}
                title={t('ecrf.missingMenuHint')}
              >
                <span aria-hidden style={{ fontWeight: 700 }}>
                  ⋯
                </span>
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('ecrf.missingCodes')}</Menu.Label>
              {MISSING_CODES.map((c) => (
                <Menu.Item key={c} onClick={() => chooseCode(c)}>
                  <span className="mono">{c}</span> — {text.missingCode(c)}
                </Menu.Item>
              ))}
              {code && (
                <>
                  <Menu.Divider />
                  <Menu.Item onClick={() => chooseCode(null)}>{t('ecrf.clearCode')}</Menu.Item>
                </>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
    </Box>
  );
}

interface EditProps extends ItemFieldProps {
  id: string;
  describedBy: string;
  invalid: boolean;
}

function EditValue({ item, raw, onValue, id, describedBy, invalid, fieldErrors }: EditProps) {
  if (item.type === 'record-list') {
    return (
      <RecordListEditor
        item={item}
        rows={Array.isArray(raw) ? raw : null}
        onChange={(rows) => onValue(item.id, rows)}
        id={id}
        describedBy={describedBy}
        fieldErrors={fieldErrors}
      />
    );
  }
  if (item.type === 'quantity') {
    const value = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : { value: '', unit: '' };
    return (
      <QuantityEditor
        item={item}
        value={value}
        onChange={(v) => onValue(item.id, v)}
        id={id}
        describedBy={describedBy}
        invalid={invalid}
      />
    );
  }
  return (
    <ScalarInput
      def={item}
      value={typeof raw === 'string' ? raw : ''}
      onChange={(v) => onValue(item.id, v)}
      id={id}
      describedBy={describedBy}
      invalid={invalid}
    />
  );
}

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

function ScalarInput({ def, value, onChange, id, describedBy, invalid, ariaLabel }: ScalarProps) {
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

function NumberText({
  unit,
  value,
  onChange,
  integer,
  ...common
}: {
  id: string;
  'aria-describedby'?: string | undefined;
  'aria-label'?: string | undefined;
  error: boolean;
  size: 'sm';
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

/**
 * A score of a small ordinal scale (mRSS 0-3): one digit key sets it, arrows step it, and the levels are also
 * offered as buttons for the mouse (outside the tab order: the digit field is the keyboard's way in).
 */
function DigitScale({
  item,
  value,
  onChange,
  ...common
}: {
  id: string;
  'aria-describedby'?: string | undefined;
  'aria-label'?: string | undefined;
  error: boolean;
  size: 'sm';
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

function QuantityEditor({
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

function RecordListEditor({
  item,
  rows,
  onChange,
  id,
  describedBy,
  fieldErrors,
}: {
  item: RecordListItem;
  rows: RawRecord[] | null;
  onChange: (rows: RawRecord[] | null) => void;
  id: string;
  describedBy: string;
  fieldErrors: ReadonlyMap<string, readonly string[]>;
}) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const update = (index: number, field: string, value: string) =>
    onChange((rows ?? []).map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  return (
    <Stack gap={4} id={id} tabIndex={-1} aria-describedby={describedBy || undefined}>
      {rows === null && (
        <Text size="sm" c="dimmed">
          {t('ecrf.listNotAnswered')}
        </Text>
      )}
      {rows !== null && rows.length === 0 && <Text size="sm">{t('ecrf.listNone')}</Text>}
      {rows !== null && rows.length > 0 && (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table withTableBorder verticalSpacing={4} horizontalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                {item.fields.map((f) => (
                  <Table.Th key={f.id}>
                    {text.text(f.label)}
                    {f.optional && (
                      <Text component="span" size="xs" c="dimmed" fw={400}>
                        {' '}
                        ({t('ecrf.optional')})
                      </Text>
                    )}
                  </Table.Th>
                ))}
                <Table.Th>
                  <span className="visually-hidden">{t('common.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{index + 1}</Table.Td>
                  {item.fields.map((f) => {
                    const errors = fieldErrors.get(`${item.id}[${index}].${f.id}`) ?? [];
                    const cellId = `${id}-${index}-${f.id}`;
                    return (
                      <Table.Td key={f.id}>
                        <ScalarInput
                          def={f}
                          value={row[f.id] ?? ''}
                          onChange={(v) => update(index, f.id, v)}
                          id={cellId}
                          ariaLabel={`${text.text(f.label)} #${index + 1}`}
                          describedBy={errors.length ? `${cellId}-message` : undefined}
                          invalid={errors.length > 0}
                        />
                        {errors.map((message) => (
                          <Text key={message} id={`${cellId}-message`} size="xs" c="red.8" fw={600}>
                            {message}
                          </Text>
                        ))}
                      </Table.Td>
                    );
                  })}
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onChange(rows.filter((_, i) => i !== index))}
                      aria-label={t('ecrf.removeLineN', { n: index + 1 })}
                    >
                      {t('ecrf.removeLine')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group gap="xs">
        <Button
          size="compact-xs"
          variant="default"
          disabled={(rows?.length ?? 0) >= item.maxLength}
          onClick={() => onChange([...(rows ?? []), emptyRecord(item)])}
        >
          {t('ecrf.addLine')}
        </Button>
        {(rows === null || rows.length > 0) && (
          <Button size="compact-xs" variant="subtle" onClick={() => onChange([])}>
            {t('ecrf.setNone')}
          </Button>
        )}
        {rows !== null && (
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onChange(null)}>
            {t('ecrf.clearAnswer')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

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

function ReadOnlyValue({ item, raw, id }: { item: ItemDef; raw: RawValue; id: string }) {
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

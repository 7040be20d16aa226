import { ActionIcon, Anchor, Badge, Box, Button, Group, Menu, Text } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MISSING_CODES, type ItemDef, type MissingCode } from '../../../../../src/core/instruments/types.ts';
import type { DataQuery } from '../../../api/forms.ts';
import type { RawValue } from '../../../lib/instrument-form.ts';
import { useInstrumentText } from '../../../lib/instrument-labels.ts';
import { EditValue } from './EditValue.tsx';
import { ReadOnlyValue } from './ReadOnlyValue.tsx';

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
              <Text key={message} size="xs" c="red" fw={600} role="alert">
                <span aria-hidden>✕ </span>
                {message}
              </Text>
            ))}
            {warning && !invalid && (
              <Text size="xs" c="yellow" fw={600} className="ecrf-warning">
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
          <Badge color="yellow" variant="light" tt="none" radius="sm" size="sm">
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

import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RecordListItem } from '../../../../../src/core/instruments/types.ts';
import { emptyRecord, type RawRecord } from '../../../lib/instrument-form.ts';
import { useInstrumentText } from '../../../lib/instrument-labels.ts';
import { ScalarInput } from './ScalarInput.tsx';

/**
 * A repeating record (treatments, antibodies): a table of lines with one input per field; "none" and "not
 * answered" are distinct answers.
 */
export function RecordListEditor({
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
                          <Text key={message} id={`${cellId}-message`} size="xs" c="red" fw={600}>
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

import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agreedReading, type Disagreement } from '../../../../src/core/reading/consensus.ts';
import { findingKey, type Reading } from '../../../../src/core/reading/findings.ts';
import { readingItem, type FindingValue } from '../../../../src/core/reading/items.ts';
import { resolveSite } from '../../../../src/core/reading/sites.ts';
import { readingKeys, taskUrl, type ReadingTaskView } from '../../api/reading.ts';
import { toLanguage } from '../../i18n/index.ts';
import { CarriedOverFindings } from './CarriedOverFindings.tsx';
import { FieldInput } from './FieldInput.tsx';
import { fieldName, valueLabel } from './form-model.ts';
import { SubmitDialog } from './SubmitDialog.tsx';
import { TaskStatusBadge } from './TaskStatusBadge.tsx';

const keyOf = (d: { site: string; item: string }) => findingKey(d.site, d.item);

/**
 * The adjudicator's form: the two reads side by side ("Reader A", "Reader B", never names) for the disputed fields
 * only, one value chosen per field (either reader's or a third), the fields the readers agree on carried over.
 */
export function AdjudicationForm({ task, onReload }: { task: ReadingTaskView; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  const queryClient = useQueryClient();
  const [choices, setChoices] = useState<ReadonlyMap<string, FindingValue>>(new Map());
  const [submitOpen, setSubmitOpen] = useState(false);
  const readOnly = task.status === 'submitted';
  const disputed: readonly Disagreement[] = useMemo(
    () => task.adjudication?.disagreements ?? [],
    [task.adjudication],
  );
  const carried = useMemo(() => {
    const reads = task.adjudication?.reads ?? [];
    const a = reads.find((r) => r.label === 'A');
    const b = reads.find((r) => r.label === 'B');
    if (!a || !b) return [];
    // Without the disputed fields the two reads agree, whatever the study's rule: what remains carries over.
    const keys = new Set(disputed.map(keyOf));
    const strip = (r: Reading): Reading => ({
      findings: r.findings.filter((f) => !keys.has(keyOf(f))),
      comments: '',
    });
    return agreedReading(strip(a), strip(b)).findings;
  }, [task.adjudication, disputed]);

  if (!task.adjudication)
    return (
      <Alert color="red" variant="light">
        {t('reading.adjudication.unavailable')}
      </Alert>
    );
  const choose = (d: Disagreement, value: FindingValue | null) =>
    setChoices((current) => {
      const next = new Map(current);
      if (value === null) next.delete(keyOf(d));
      else next.set(keyOf(d), value);
      return next;
    });
  const chosen = disputed.filter((d) => choices.has(keyOf(d))).length;
  const readerValue = (d: Disagreement, reader: 'a' | 'b') => {
    const value = d[reader];
    const label = valueLabel(readingItem(d.item), value, language);
    const name = t(reader === 'a' ? 'reading.adjudication.readerA' : 'reading.adjudication.readerB');
    if (label === null || value === null)
      return (
        <Text size="xs" c="dimmed">
          {t('reading.adjudication.notRecorded')}
        </Text>
      );
    return (
      <Button
        size="compact-xs"
        variant={choices.get(keyOf(d)) === value ? 'filled' : 'default'}
        disabled={readOnly}
        onClick={() => choose(d, value)}
        aria-label={t('reading.adjudication.useValue', {
          reader: name,
          value: label,
          field: fieldName(d.site, d.item, language),
        })}
      >
        {label}
      </Button>
    );
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <TaskStatusBadge status={task.status} />
          <Text size="sm" role="status">
            {t('reading.adjudication.progress', { chosen, count: disputed.length })}
          </Text>
        </Group>
        {!readOnly && (
          <Button size="compact-sm" disabled={chosen < disputed.length} onClick={() => setSubmitOpen(true)}>
            {t('reading.adjudication.submit')}
          </Button>
        )}
      </Group>
      {readOnly && (
        <Alert color="teal" variant="light" p="xs">
          {t('reading.adjudication.submittedNote')}
        </Alert>
      )}
      <Title order={2} size="h5">
        {t('reading.adjudication.disputed', { count: disputed.length })}
      </Title>
      <Table withTableBorder verticalSpacing={4} fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reading.adjudication.field')}</Table.Th>
            <Table.Th scope="col">{t('reading.adjudication.readerA')}</Table.Th>
            <Table.Th scope="col">{t('reading.adjudication.readerB')}</Table.Th>
            <Table.Th scope="col">{t('reading.adjudication.consensus')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {disputed.map((d) => {
            const site = resolveSite(d.site);
            return (
              <Table.Tr key={keyOf(d)} data-field={keyOf(d)}>
                <Table.Th scope="row" fw={500}>
                  {fieldName(d.site, d.item, language)}
                </Table.Th>
                <Table.Td>{readerValue(d, 'a')}</Table.Td>
                <Table.Td>{readerValue(d, 'b')}</Table.Td>
                <Table.Td>
                  {site && (
                    <FieldInput
                      item={readingItem(d.item)}
                      site={site}
                      value={choices.get(keyOf(d))}
                      readOnly={readOnly}
                      onChange={(value) => choose(d, value)}
                      onFocus={() => undefined}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <CarriedOverFindings findings={carried} />
      <SubmitDialog
        opened={submitOpen}
        onClose={() => setSubmitOpen(false)}
        title={t('reading.adjudication.signTitle', { exam: task.examCode })}
        intro={t('reading.adjudication.signIntro')}
        url={`${taskUrl(task.taskId)}/adjudicate`}
        prepare={() => Promise.resolve(task.version)}
        body={{
          choices: disputed.map((d) => ({ site: d.site, item: d.item, value: choices.get(keyOf(d)) })),
        }}
        onDone={() => {
          setSubmitOpen(false);
          void queryClient.invalidateQueries({ queryKey: readingKeys.all });
          notifications.show({
            color: 'teal',
            message: t('reading.adjudication.done', { exam: task.examCode }),
          });
        }}
        onReload={onReload}
      />
    </Stack>
  );
}

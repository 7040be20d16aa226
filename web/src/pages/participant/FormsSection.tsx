import { Anchor, Badge, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Study } from '../../api/types.ts';
import { formPath, useParticipantForms, type FormListItem } from '../../api/forms.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { FormStatusBadge } from '../../components/FormStatusBadge.tsx';
import { Section } from '../../components/Section.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useInstrumentText } from '../../lib/instrument-labels.ts';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';

/** REDCap's record status dashboard for one participant: each scheduled form per visit, with status and score. */
export function FormsSection({ code, study }: { code: string; study: Study | undefined }) {
  const { t } = useTranslation();
  const forms = useParticipantForms(code);
  const labels = useLabels();
  const items = forms.data?.items ?? [];
  const visits = [...new Set(items.map((f) => f.visit))];

  return (
    <Section title={t('forms.title')}>
      {forms.isPending && <Skeleton h={120} />}
      {forms.isError && <QueryError error={forms.error} onRetry={() => void forms.refetch()} />}
      {forms.data && (
        <Stack gap="md">
          <FormsLegend />
          {visits.map((visit) => (
            <Stack key={visit} gap={4}>
              <Title order={3} size="h5">
                {labels.visit(visit, study)}
              </Title>
              <FormsTable code={code} visit={visit} items={items.filter((f) => f.visit === visit)} />
            </Stack>
          ))}
          {visits.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('forms.noneScheduled')}
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}

function FormsLegend() {
  const { t } = useTranslation();
  const text = useInstrumentText();
  return (
    <Group gap="xs" aria-label={t('forms.legend')} role="group">
      <Text size="xs" c="dimmed">
        {text.colon(t('forms.legend'))}
      </Text>
      {(['not_started', 'in_progress', 'complete', 'verified', 'locked'] as const).map((s) => (
        <FormStatusBadge key={s} status={s} />
      ))}
    </Group>
  );
}

function FormsTable({ code, visit, items }: { code: string; visit: string; items: FormListItem[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = useInstrumentText();
  return (
    <DenseTable caption={t('forms.visitCaption', { visit })} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="33%">{t('forms.form')}</Table.Th>
          <Table.Th w="15%">{t('forms.status')}</Table.Th>
          <Table.Th w="20%">{t('forms.score')}</Table.Th>
          <Table.Th w="13%">{t('forms.queries')}</Table.Th>
          <Table.Th w="19%">{t('participants.updatedAt')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((f) => {
          const interpretation = text.interpretation(f.interpretation);
          return (
            <Table.Tr key={f.instrument} data-instrument={f.instrument}>
              <Table.Td>
                <Anchor component={Link} to={formPath(code, f.visit, f.instrument)} size="sm" fw={600}>
                  {text.text(f.title)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <FormStatusBadge status={f.status} />
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  {(f.total !== null || !interpretation) && (
                    <Text size="sm" ff="monospace">
                      {f.total === null ? EMPTY : fmt.number(f.total)}
                    </Text>
                  )}
                  {interpretation && (
                    <Text size="sm" c="dimmed">
                      {interpretation}
                    </Text>
                  )}
                  {f.warnings > 0 && (
                    <Badge color="yellow" variant="light" tt="none" radius="sm" size="sm">
                      <span aria-hidden>⚠ </span>
                      {t('forms.warningCount', { count: f.warnings })}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {f.openQueries > 0 ? (
                  <Badge color="orange" variant="filled" tt="none" radius="sm" size="sm">
                    <span aria-hidden>? </span>
                    {t('forms.openQueryCount', { count: f.openQueries })}
                  </Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    {EMPTY}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{fmt.dateTime(f.updatedAt)}</Table.Td>
            </Table.Tr>
          );
        })}
        {items.length === 0 && <EmptyRow colSpan={5}>{t('forms.noneScheduled')}</EmptyRow>}
      </Table.Tbody>
    </DenseTable>
  );
}

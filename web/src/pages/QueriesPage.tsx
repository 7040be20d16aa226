import {
  Anchor,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { QueryStatus } from '../../../src/core/forms/lifecycle.ts';
import { formPath, useQueriesList } from '../api/forms.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { DenseTable, EmptyRow } from '../components/Tables.tsx';
import { EMPTY, useFormat } from '../lib/format.ts';
import { useInstrumentText } from '../lib/instrument-labels.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';
import { QueryStatusBadge } from './forms/QueriesPanel.tsx';

const FILTERS = ['unresolved', 'open', 'answered', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];
const isFilter = (v: string | null): v is Filter => (FILTERS as readonly (string | null)[]).includes(v);

/** `/queries`: data queries across the study; unresolved (open or answered) by default, as the dashboard counts. */
export function QueriesPage() {
  const { t } = useTranslation();
  usePageTitle(t('queries.pageTitle'));
  const fmt = useFormat();
  const text = useInstrumentText();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const filter: Filter = isFilter(raw) ? raw : 'unresolved';
  const participant = (params.get('participant') ?? '').trim().toUpperCase();
  const serverStatus: QueryStatus | undefined =
    filter === 'open' || filter === 'answered' || filter === 'closed' ? filter : undefined;
  const list = useQueriesList(serverStatus, participant || undefined);
  const items = (list.data?.items ?? []).filter((q) => filter !== 'unresolved' || q.status !== 'closed');

  function update(next: Record<string, string>) {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged, { replace: true });
  }

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('queries.pageTitle')}
      </Title>
      <Group gap="md" align="flex-end">
        <Stack gap={2}>
          <Text size="sm" fw={600} id="query-status-filter">
            {t('queries.filterStatus')}
          </Text>
          <SegmentedControl
            aria-labelledby="query-status-filter"
            value={filter}
            onChange={(v) => update({ status: v === 'unresolved' ? '' : v })}
            data={FILTERS.map((f) => ({ value: f, label: t(`queries.filter.${f}`) }))}
          />
        </Stack>
        <TextInput
          label={t('queries.filterParticipant')}
          placeholder="P-0001"
          w={160}
          defaultValue={participant}
          onKeyDown={(e) => {
            if (e.key === 'Enter') update({ participant: e.currentTarget.value.trim().toUpperCase() });
          }}
          onBlur={(e) => update({ participant: e.currentTarget.value.trim().toUpperCase() })}
        />
      </Group>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Skeleton h={160} />}
      {list.data && (
        <>
          <Text size="sm" fw={600} role="status" data-testid="queries-total">
            {t('queries.count', { count: items.length })}
          </Text>
          <DenseTable caption={t('queries.pageTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('participants.code')}</Table.Th>
                <Table.Th>{t('forms.form')}</Table.Th>
                <Table.Th>{t('queries.item')}</Table.Th>
                <Table.Th>{t('queries.question')}</Table.Th>
                <Table.Th>{t('queries.status')}</Table.Th>
                <Table.Th>{t('queries.opened')}</Table.Th>
                <Table.Th>{t('queries.answerLabel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    <Anchor
                      component={Link}
                      to={`/participants/${encodeURIComponent(q.participantCode)}`}
                      size="sm"
                    >
                      {q.participantCode}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`${formPath(q.participantCode, q.visitCode, q.instrumentId)}#query-${q.id}`}
                      size="sm"
                    >
                      {q.visitCode} — {text.title(q.instrumentId)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{text.item(q.instrumentId, q.itemId)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={3}>
                      {q.question}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <QueryStatusBadge status={q.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{fmt.dateTime(q.openedAt)}</Text>
                    <Text size="xs" c="dimmed">
                      {q.openedBy}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={3}>
                      {q.answer ?? EMPTY}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
              {items.length === 0 && <EmptyRow colSpan={7}>{t('queries.emptyList')}</EmptyRow>}
            </Table.Tbody>
          </DenseTable>
        </>
      )}
    </Stack>
  );
}

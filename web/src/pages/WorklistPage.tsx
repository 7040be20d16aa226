import { Badge, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { queryKeys, useStudy } from '../api/queries.ts';
import type { WorklistItem } from '../api/types.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { DenseTable, EmptyRow } from '../components/Tables.tsx';
import { EMPTY, useFormat } from '../lib/format.ts';
import { useLabels } from '../lib/labels.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';

/** Blinded reading worklist: exam codes only, never arm, identity or clinical data. */
export function WorklistPage() {
  const { t } = useTranslation();
  usePageTitle(t('worklist.title'));
  const fmt = useFormat();
  const labels = useLabels();
  const study = useStudy();
  const worklist = useQuery({
    queryKey: queryKeys.worklist,
    queryFn: ({ signal }) => api.get<{ items: WorklistItem[] }>('/api/reading/worklist', { signal }),
    refetchInterval: 60_000,
  });
  const items = [...(worklist.data?.items ?? [])].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || (a.readingDueAt ?? '').localeCompare(b.readingDueAt ?? ''),
  );
  const overdue = items.filter((i) => i.overdue).length;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('worklist.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('worklist.blindedNotice', { days: study.data?.readingDeadlineDays ?? 7 })}
      </Text>
      {worklist.isError && <QueryError error={worklist.error} onRetry={() => void worklist.refetch()} />}
      {worklist.isPending && <Skeleton h={160} />}
      {worklist.data && (
        <>
          <Group gap="md">
            <Text size="sm" fw={600} role="status">
              {t('worklist.summary', { count: items.length })}
            </Text>
            {overdue > 0 && (
              <Text size="sm" fw={700} c="red">
                {t('worklist.overdueSummary', { count: overdue })}
              </Text>
            )}
          </Group>
          <DenseTable caption={t('worklist.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('exams.examCode')}</Table.Th>
                <Table.Th>{t('exams.acquiredAt')}</Table.Th>
                <Table.Th>{t('exams.hands')}</Table.Th>
                <Table.Th>{t('exams.scanner')}</Table.Th>
                <Table.Th>{t('exams.readingDueAt')}</Table.Th>
                <Table.Th>{t('worklist.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.examCode}>
                  <Table.Td ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {item.examCode}
                  </Table.Td>
                  <Table.Td>{fmt.dateTime(item.acquiredAt)}</Table.Td>
                  <Table.Td>{labels.hands(item.hands)}</Table.Td>
                  <Table.Td>{item.scanner || EMPTY}</Table.Td>
                  <Table.Td>{fmt.dateTime(item.readingDueAt)}</Table.Td>
                  <Table.Td>
                    {item.overdue ? (
                      <Badge color="red" variant="filled" tt="none" radius="sm">
                        {t('worklist.overdue')}
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light" tt="none" radius="sm">
                        {t('worklist.onTime')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {items.length === 0 && <EmptyRow colSpan={6}>{t('worklist.empty')}</EmptyRow>}
            </Table.Tbody>
          </DenseTable>
        </>
      )}
    </Stack>
  );
}

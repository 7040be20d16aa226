import { Anchor, Button, Group, Skeleton, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { readingKeys, type ReadingWorklistItem } from '../../api/reading.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useFormat } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { DueBadge } from './DueBadge.tsx';
import { TaskStatusBadge } from './TaskStatusBadge.tsx';

const byDue = (a: ReadingWorklistItem, b: ReadingWorklistItem) =>
  (a.readingDueAt ?? '\uffff').localeCompare(b.readingDueAt ?? '\uffff');

/** A radiologist's tasks, blinded (exam code, kind, status, due time), soonest due first. */
export function ReaderTaskList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const worklist = useQuery({
    queryKey: readingKeys.worklist,
    queryFn: ({ signal }) => api.get<{ items: ReadingWorklistItem[] }>('/api/reading/worklist', { signal }),
    refetchInterval: 60_000,
  });
  if (worklist.isError) return <QueryError error={worklist.error} onRetry={() => void worklist.refetch()} />;
  if (!worklist.data) return <Skeleton h={160} />;
  const items = [...worklist.data.items].sort(byDue);
  const open = items.filter((i) => i.status !== 'submitted');
  const overdue = open.filter((i) => i.overdue).length;

  return (
    <>
      <Group gap="md">
        <Text size="sm" fw={600} role="status">
          {t('worklist.summary', { count: open.length })}
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
            <Table.Th>{t('reading.task')}</Table.Th>
            <Table.Th>{t('reading.status')}</Table.Th>
            <Table.Th>{t('exams.acquiredAt')}</Table.Th>
            <Table.Th>{t('exams.hands')}</Table.Th>
            <Table.Th>{t('exams.readingDueAt')}</Table.Th>
            <Table.Th>
              <span className="visually-hidden">{t('common.actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.taskId} data-task={item.taskId}>
              <Table.Td ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={`/reading/tasks/${item.taskId}`}>
                  {item.examCode}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`reading.kind.${item.kind}`)}</Table.Td>
              <Table.Td>
                <TaskStatusBadge status={item.status} />
              </Table.Td>
              <Table.Td>{fmt.dateTime(item.acquiredAt)}</Table.Td>
              <Table.Td>{labels.hands(item.hands)}</Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {fmt.dateTime(item.readingDueAt)}
                  {item.status !== 'submitted' && (
                    <DueBadge overdue={item.overdue} dueWithin48h={item.dueWithin48h} />
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Button
                  component={Link}
                  to={`/reading/tasks/${item.taskId}`}
                  size="compact-xs"
                  variant={item.status === 'submitted' ? 'default' : 'filled'}
                  aria-label={t('reading.openTask', { exam: item.examCode })}
                >
                  {t(item.status === 'submitted' ? 'reading.view' : 'reading.open')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
          {items.length === 0 && <EmptyRow colSpan={7}>{t('reading.noTasks')}</EmptyRow>}
        </Table.Tbody>
      </DenseTable>
    </>
  );
}

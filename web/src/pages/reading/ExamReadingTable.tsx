import { Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { readingKeys, type ExamReadingOverview, type ExamReadRow } from '../../api/reading.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { AssignReadersDialog } from './AssignReadersDialog.tsx';
import { DueBadge } from './DueBadge.tsx';
import { TaskStatusBadge } from './TaskStatusBadge.tsx';
import { UnlockTaskDialog } from './UnlockTaskDialog.tsx';

/** The data manager's view of the reading: every exam, its state, readers, deadline and time to the final reading. */
export function ExamReadingTable() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const overview = useQuery({
    queryKey: readingKeys.exams,
    queryFn: ({ signal }) => api.get<ExamReadingOverview>('/api/reading/exams', { signal }),
    refetchInterval: 60_000,
  });
  const [assigning, setAssigning] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState<{ read: ExamReadRow; examCode: string } | null>(null);
  if (overview.isError) return <QueryError error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!overview.data) return <Skeleton h={200} />;
  const { items: exams, summary } = overview.data;

  return (
    <Stack gap="xs">
      <Group gap="lg" role="status" data-testid="reading-summary">
        {(['pending', 'dueWithin48h', 'overdue', 'final'] as const).map((key) => (
          <Text
            key={key}
            size="sm"
            fw={600}
            c={key === 'overdue' && summary.overdue > 0 ? 'red.8' : undefined}
          >
            {t(`reading.summary.${key}`, { count: summary[key] })}
          </Text>
        ))}
      </Group>
      <DenseTable caption={t('reading.exams.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('exams.examCode')}</Table.Th>
            <Table.Th>{t('reading.exams.participant')}</Table.Th>
            <Table.Th>{t('exams.acquiredAt')}</Table.Th>
            <Table.Th>{t('exams.readingDueAt')}</Table.Th>
            <Table.Th>{t('reading.status')}</Table.Th>
            <Table.Th>{t('reading.exams.readers')}</Table.Th>
            <Table.Th>{t('reading.exams.adjudicator')}</Table.Th>
            <Table.Th>{t('reading.exams.timeToFinal')}</Table.Th>
            <Table.Th>
              <span className="visually-hidden">{t('common.actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {exams.map((exam) => (
            <Table.Tr key={exam.examCode} data-exam={exam.examCode}>
              <Table.Td ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {exam.examCode}
              </Table.Td>
              <Table.Td ff="monospace">{exam.participant}</Table.Td>
              <Table.Td>{fmt.dateTime(exam.acquiredAt)}</Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {fmt.dateTime(exam.readingDueAt)}
                  {exam.status !== 'final' && <DueBadge overdue={exam.overdue} dueWithin48h={false} />}
                </Group>
              </Table.Td>
              <Table.Td data-testid="exam-reading-status">{t(`reading.examStatus.${exam.status}`)}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {exam.reads.map((read) => (
                    <Group key={read.taskId} gap={4} wrap="nowrap">
                      <Text size="xs">{read.reader}</Text>
                      <TaskStatusBadge status={read.status} />
                      {read.status === 'submitted' && exam.status !== 'final' && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setUnlocking({ read, examCode: exam.examCode })}
                          aria-label={t('reading.unlock.of', { reader: read.reader, exam: exam.examCode })}
                        >
                          {t('reading.unlock.button')}
                        </Button>
                      )}
                    </Group>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td>{exam.adjudicator ?? EMPTY}</Table.Td>
              <Table.Td>
                {exam.hoursToFinal === null ? EMPTY : t('reading.exams.hours', { count: exam.hoursToFinal })}
              </Table.Td>
              <Table.Td>
                {exam.reads.length === 0 && (
                  <Button
                    size="compact-xs"
                    onClick={() => setAssigning(exam.examCode)}
                    aria-label={t('reading.assign.of', { exam: exam.examCode })}
                  >
                    {t('reading.assign.button')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {exams.length === 0 && <EmptyRow colSpan={9}>{t('reading.exams.empty')}</EmptyRow>}
        </Table.Tbody>
      </DenseTable>
      <AssignReadersDialog examCode={assigning} onClose={() => setAssigning(null)} />
      <UnlockTaskDialog
        read={unlocking?.read ?? null}
        examCode={unlocking?.examCode ?? ''}
        onClose={() => setUnlocking(null)}
      />
    </Stack>
  );
}

import { Anchor, Box, Flex, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { readingKeys, taskUrl, type ReadingTaskView } from '../../api/reading.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { useFormat } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { prefetchViewerChunk } from '../../viewer/preload.ts';
import { AdjudicationForm } from './AdjudicationForm.tsx';
import { ReadingForm } from './ReadingForm.tsx';
import { TaskImages } from './TaskImages.tsx';

/**
 * /reading/tasks/:taskId — the reading workstation: the images on the left, read through the task's own blinded
 * DICOMweb; the reading form (or, for an adjudication task, the two reads' disputed fields) on the right.
 */
export function WorkstationPage() {
  const { taskId = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const task = useQuery({
    queryKey: readingKeys.task(taskId),
    queryFn: ({ signal }) => api.get<ReadingTaskView>(taskUrl(taskId), { signal }),
    refetchOnWindowFocus: false,
  });
  // A reload after a conflict starts the form afresh from the server's copy.
  const [generation, setGeneration] = useState(0);
  const { refetch } = task;
  const reload = useCallback(() => {
    void refetch().then(() => setGeneration((g) => g + 1));
  }, [refetch]);
  // The viewer's chunk takes longest to arrive: it comes while the task loads.
  useEffect(prefetchViewerChunk, []);
  const exam = task.data?.examCode ?? '';
  usePageTitle(exam ? t('reading.workstation.title', { exam }) : t('reading.workstation.loading'));

  if (task.isError) return <QueryError error={task.error} onRetry={() => void task.refetch()} />;
  if (!task.data) return <Skeleton h={400} />;
  const data = task.data;
  const dicomwebBase = `${taskUrl(data.taskId)}/dicomweb`;

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Group gap="md" align="baseline">
          <Title order={1} size="h3" ff="monospace">
            {data.examCode}
          </Title>
          <Text size="sm">{t(`reading.kind.${data.kind}`)}</Text>
          <Text size="sm" c="dimmed">
            {labels.hands(data.hands)} · {t('reading.dueAt', { due: fmt.dateTime(data.readingDueAt) })}
          </Text>
        </Group>
        <Anchor component={Link} to="/reading" size="sm">
          {t('reading.backToWorklist')}
        </Anchor>
      </Group>
      <Flex gap="md" align="flex-start" wrap="wrap">
        <Box style={{ flex: '1 1 520px' }} miw={0}>
          <TaskImages
            taskId={data.taskId}
            series={data.series}
            dicomwebBase={dicomwebBase}
            editable={data.status !== 'submitted'}
          />
        </Box>
        {/* The form scrolls on its own, so the images stay in view while the reader works down the anatomy. */}
        <Box
          style={{ flex: '1 1 460px', maxHeight: 'calc(100vh - 160px)', overflowY: 'auto' }}
          miw={0}
          pr={4}
          data-testid="reading-panel"
        >
          {data.kind === 'adjudication' ? (
            <AdjudicationForm key={`${data.taskId}:${generation}`} task={data} onReload={reload} />
          ) : (
            <ReadingForm key={`${data.taskId}:${generation}`} task={data} onReload={reload} />
          )}
        </Box>
      </Flex>
    </Stack>
  );
}

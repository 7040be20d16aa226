import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useStudy } from '../../api/queries.ts';
import { useAuth } from '../../lib/auth.tsx';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { ExamReadingTable } from './ExamReadingTable.tsx';
import { ReaderTaskList } from './ReaderTaskList.tsx';
import { ReadingSettingsPanel } from './ReadingSettingsPanel.tsx';

/**
 * /reading — a radiologist's blinded task list; for a data manager, every exam's reading with assignment, unlock
 * and the reading settings.
 */
export function ReadingWorklistPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const study = useStudy();
  const manager = can('reading.manage');
  usePageTitle(t(manager ? 'reading.exams.title' : 'worklist.title'));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {t(manager ? 'reading.exams.title' : 'worklist.title')}
        </Title>
        {manager && (
          <Anchor component={Link} to="/reading/agreement" size="sm">
            {t('reading.agreement.title')}
          </Anchor>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t(manager ? 'reading.exams.notice' : 'worklist.blindedNotice', {
          days: study.data?.readingDeadlineDays ?? 7,
        })}
      </Text>
      {manager ? (
        <>
          <ExamReadingTable />
          <ReadingSettingsPanel />
        </>
      ) : (
        <ReaderTaskList />
      )}
    </Stack>
  );
}

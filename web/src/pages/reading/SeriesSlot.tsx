import { Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaskSeries } from '../../api/reading.ts';
import { EmptyRow } from '../../components/Tables.tsx';
import { EMPTY } from '../../lib/format.ts';
import { nucleusLabel } from '../../lib/labels.ts';

/**
 * The image column of the workstation until the Cornerstone viewer (web/src/viewer) is on this branch: the task's
 * series, read from the task's own DICOMweb root (`dicomwebBase`), listed.
 */
export function SeriesSlot({
  series,
  dicomwebBase,
}: {
  series: readonly TaskSeries[];
  dicomwebBase: string;
}) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      p="xs"
      data-dicomweb={dicomwebBase}
      aria-labelledby="series-heading"
      component="section"
    >
      <Title order={2} size="h5" id="series-heading">
        {t('reading.series.title')}
      </Title>
      <Table fz="xs" verticalSpacing={2}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reading.series.description')}</Table.Th>
            <Table.Th>{t('reading.series.nucleus')}</Table.Th>
            <Table.Th>{t('reading.series.frames')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {series.map((s) => (
            <Table.Tr key={s.seriesUid}>
              <Table.Td>{s.description || EMPTY}</Table.Td>
              <Table.Td>{nucleusLabel(s.nucleus)}</Table.Td>
              <Table.Td>{s.frames}</Table.Td>
            </Table.Tr>
          ))}
          {series.length === 0 && <EmptyRow colSpan={3}>{t('reading.series.none')}</EmptyRow>}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('reading.series.viewerPending')}
      </Text>
    </Paper>
  );
}

import { Alert, Anchor, Pagination, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../api/client.ts';
import { imagingKeys, originalUrl, type OriginalEntry } from '../../api/imaging.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';

const PAGE_SIZE = 100;

/**
 * The administrator's view of the quarantine: original image files as received, kept only when an import asked
 * for it. Each download is an audited disclosure of identifying data, which the page says before anything else.
 */
export function OriginalsPage() {
  const { t } = useTranslation();
  usePageTitle(t('originals.title'));
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const originals = useQuery({
    queryKey: imagingKeys.originals(page),
    queryFn: ({ signal }) =>
      api.get<{ items: OriginalEntry[]; total: number }>(
        `/api/imaging/originals${queryString({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((originals.data?.total ?? 0) / PAGE_SIZE));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('originals.title')}
      </Title>
      <Alert color="orange" variant="light" title={t('originals.warningTitle')}>
        {t('originals.warning')}
      </Alert>
      {originals.isError && <QueryError error={originals.error} onRetry={() => void originals.refetch()} />}
      {originals.isPending && <Skeleton h={160} />}
      {originals.data && (
        <>
          <Text size="sm" fw={600} role="status">
            {t('originals.total', { count: originals.data.total })}
          </Text>
          <DenseTable caption={t('originals.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('originals.keptAt')}</Table.Th>
                <Table.Th>{t('exam.series.format')}</Table.Th>
                <Table.Th>{t('exams.examCode')}</Table.Th>
                <Table.Th>{t('originals.pseudonym')}</Table.Th>
                <Table.Th>{t('exam.series.description')}</Table.Th>
                <Table.Th>{t('originals.size')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {originals.data.items.map((o) => (
                <Table.Tr key={o.uid} data-testid="original-row">
                  <Table.Td>{fmt.dateTime(o.keptAt)}</Table.Td>
                  <Table.Td>{o.format === 'nifti' ? 'NIfTI' : 'DICOM'}</Table.Td>
                  <Table.Td ff="monospace">{o.examCode ?? EMPTY}</Table.Td>
                  <Table.Td ff="monospace">{o.pseudonym ?? EMPTY}</Table.Td>
                  <Table.Td>{o.seriesDescription || EMPTY}</Table.Td>
                  <Table.Td>{fmt.fileSize(o.size)}</Table.Td>
                  <Table.Td>
                    <Anchor href={originalUrl(o.uid)} download size="sm">
                      {t('originals.download')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
              {originals.data.items.length === 0 && <EmptyRow colSpan={7}>{t('originals.empty')}</EmptyRow>}
            </Table.Tbody>
          </DenseTable>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={Math.min(page, pages)}
              onChange={setPage}
              size="sm"
              aria-label={t('originals.pagination')}
            />
          )}
        </>
      )}
    </Stack>
  );
}
